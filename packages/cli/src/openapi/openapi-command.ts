import { usageError } from '../cli-error.ts';
import type { Command, CommandIo } from '../command.ts';

const help = `Usage: lambda-mcp openapi inspect <spec> [--json]
       lambda-mcp openapi convert <spec> [--out <file>]
       lambda-mcp openapi serve <spec> --upstream <url> [--port <port>] [--forward-header <name>]...

MCP tools from an OpenAPI 3.0 or 3.1 document (JSON or YAML), one per operation. <spec>
is a file or the http(s) URL the API serves its document at. A document that cannot be
used exits 1 with the reason.

inspect  lists the tools the document becomes, with their arguments
  --json                   print { "tools": [ { name, description, inputSchema, annotations } ] }

convert  converts the document once, for a server that ships the result (build-time
         conversion: no YAML parser or dereferencer in the bundle; see addOpenApiTools)
  --out <file>             write the converted API there instead of stdout

serve    serves them at http://127.0.0.1:<port>/mcp; each call goes to the API (past 80
         operations: the discovery tools search_operations, describe_operation, call_operation)
  --upstream <url>         the API's base URL, e.g. https://api.example.com/v1 (required)
  --port <port>            the port to listen on (default 3000; 0 picks a free one)
  --forward-header <name>  copy this header of each MCP request onto the API call, e.g.
                           authorization or x-api-key; repeatable

  -h, --help               show this help

Stop serve with Ctrl-C.
`;

const SUBCOMMANDS: Record<string, () => Promise<(argv: string[], io: CommandIo) => Promise<number>>> = {
  inspect: async () => (await import('./inspect-command.ts')).inspectSpec,
  convert: async () => (await import('./convert-command.ts')).convertSpec,
  serve: async () => (await import('./serve-command.ts')).serveSpec,
};

export const openapiCommand: Command = {
  help,
  async run(argv, io) {
    const [name, ...rest] = argv;
    const load = name === undefined ? undefined : SUBCOMMANDS[name];
    if (load === undefined) {
      throw usageError(
        name === undefined
          ? 'missing the command: lambda-mcp openapi inspect <spec> or lambda-mcp openapi serve <spec> --upstream <url>'
          : `unknown openapi command "${name}": use inspect, convert or serve`,
      );
    }
    return (await load())(rest, io);
  },
};
