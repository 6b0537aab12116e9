import { CliError, usageError } from '../cli-error.ts';
import type { CommandIo } from '../command.ts';
import { integerOption, parseCommandArgs } from '../parse-command-args.ts';
import { loadApi } from './load-api.ts';

/** `lambda-mcp openapi serve`: see the help in openapi-command.ts. */
export async function serveSpec(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'openapi serve',
    argv,
    {
      upstream: { type: 'string' },
      port: { type: 'string' },
      'forward-header': { type: 'string', multiple: true },
    },
    1,
  );
  const [spec] = positionals;
  if (spec === undefined) {
    throw usageError(
      'missing the document: lambda-mcp openapi serve openapi.yaml --upstream https://api.example.com',
    );
  }
  if (values.upstream === undefined) {
    throw usageError(
      'missing --upstream: the base URL of the API the tools call, e.g. --upstream https://api.example.com',
    );
  }
  const upstream = URL.parse(values.upstream);
  if (upstream === null || (upstream.protocol !== 'http:' && upstream.protocol !== 'https:')) {
    throw usageError(`--upstream must be an http(s) URL, not "${values.upstream}"`);
  }
  const port = integerOption('port', values.port, 3000, 65_535);
  const forwardHeaders = values['forward-header'] ?? [];
  for (const name of forwardHeaders) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      throw usageError(`--forward-header "${name}" is not a header name`);
  }

  const { api, module } = await loadApi(spec);
  const [{ createServer }, { serve }] = await Promise.all([import('lambda-mcp'), import('lambda-mcp/node')]);
  const server = createServer({ name: api.title, version: api.version });
  const mode = module.addOpenApiTools(server, api, {
    baseUrl: upstream.href,
    forwardHeaders,
    // Without an auth layer in front, the caller's credential can only arrive as a forwarded header.
    credentials: [],
  });
  const host = '127.0.0.1';
  const running = await serve(server, { port, host }).catch((error: NodeJS.ErrnoException) => {
    // The user's choice of port, not a bug of ours: one line, as lambda-mcp dev says it.
    if (error.code === 'EADDRINUSE')
      throw new CliError(
        `port ${port} on ${host} is in use: stop what listens there or pass --port <another>`,
      );
    if (error.code === 'EACCES')
      throw new CliError(
        `port ${port} on ${host} needs privileges this user does not have: pass --port 1024 or above`,
      );
    throw error;
  });
  const what =
    mode === 'tools'
      ? `${api.tools.length} tools`
      : `${api.tools.length} operations through 3 discovery tools`;
  io.stdout.write(`Serving ${what} of ${api.title} at ${running.url}, calling ${upstream.href}\n`);
  return new Promise<number>((resolve) => running.httpServer.once('close', () => resolve(0)));
}
