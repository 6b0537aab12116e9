import { CliError, EXIT, usageError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import { parseHeaderOptions } from '../header-options.ts';
import { integerOption, jsonObjectOption, parseCommandArgs } from '../parse-command-args.ts';

const DEFAULT_TIMEOUT_MS = 30_000;

const help = `Usage: lambda-mcp call <url> [tool] [options]

A client for any MCP server over Streamable HTTP (the official TypeScript client).
With no tool, lists the server's tools, resources, resource templates and prompts with
their arguments; with a tool, calls it and prints the result.

Options:
  --args <json>          the tool's arguments, a JSON object, e.g. '{"city":"Lisbon"}'
  --header <name:value>  an HTTP header on every request; repeatable
  --token <token>        sends Authorization: Bearer <token>
  --protocol <version>   speak exactly this revision: 2026-07-28, or a 2025 one (2025-11-25,
                         2025-06-18, 2025-03-26) through initialize; default: negotiate
  --timeout <ms>         how long to wait for each answer (default ${DEFAULT_TIMEOUT_MS})
  --json                 print the lists or the result as JSON
  -h, --help             show this help

Exits 1 when the server cannot be used (unreachable, 401, not MCP) or the tool answers
an error result.
`;

export const callCommand: Command = {
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      'call',
      argv,
      {
        args: { type: 'string' },
        header: { type: 'string', multiple: true },
        token: { type: 'string' },
        protocol: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
      },
      2,
    );
    const [address, tool] = positionals;
    if (address === undefined) {
      throw usageError('missing the server URL: lambda-mcp call http://127.0.0.1:3000/mcp [tool]');
    }
    const url = URL.parse(address);
    if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw usageError(
        `"${address}" is not an http(s) URL: give the MCP endpoint, e.g. http://127.0.0.1:3000/mcp`,
      );
    }
    const args = jsonObjectOption('args', values.args, '{"city":"Lisbon"}');
    if (args !== undefined && tool === undefined)
      throw usageError('--args needs a tool: lambda-mcp call <url> <tool> --args ...');
    const protocol = values.protocol;
    if (protocol !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(protocol)) {
      throw usageError(`--protocol takes a revision date such as 2026-07-28, not "${protocol}"`);
    }
    const headers = parseHeaderOptions(values.header);
    if (values.token !== undefined) headers.authorization = `Bearer ${values.token}`;
    const timeoutMs = integerOption('timeout', values.timeout, DEFAULT_TIMEOUT_MS);

    // The official client is the heaviest import of the CLI: loaded only by this command.
    const [{ connectClient }, { explainCallFailure }, { recordingFetch }] = await Promise.all([
      import('./connect-client.ts'),
      import('./explain-call-failure.ts'),
      import('./recording-fetch.ts'),
    ]);
    const recorder = recordingFetch(headers);
    const output = { json: values.json === true, io };
    let session: Awaited<ReturnType<typeof connectClient>> | undefined;
    try {
      session = await connectClient(url, { fetch: recorder.fetch, protocol, timeoutMs });
      if (tool === undefined) {
        const { printCatalog } = await import('./print-catalog.ts');
        await printCatalog(session, output);
        return EXIT.ok;
      }
      const { printToolResult } = await import('./print-tool-result.ts');
      return await printToolResult(session, tool, args ?? {}, output);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw explainCallFailure(error, url.href, recorder.last());
    } finally {
      await session?.client.close().catch(() => {});
    }
  },
};
