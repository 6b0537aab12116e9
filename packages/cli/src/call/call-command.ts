import { EXIT, usageError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import { bearerAuthorization, parseHeaderOptions } from '../header-options.ts';
import { integerOption, jsonObjectOption, MAX_TIMER_MS, parseCommandArgs } from '../parse-command-args.ts';
import { LEGACY_REVISIONS, MODERN_REVISION } from '../remote/protocol-revisions.ts';
import { CLI_VERSION } from '../run-cli.ts';
import { NO_INPUT, type ServerConnection } from './server-connection.ts';

const DEFAULT_TIMEOUT_MS = 30_000;

const REVISIONS = [MODERN_REVISION, ...LEGACY_REVISIONS];

const CLIENT_INFO = { name: 'lambda-mcp-call', version: CLI_VERSION };

const help = `Usage: lambda-mcp call <url> [tool] [options]

A client for any MCP server over Streamable HTTP. With no tool, lists the server's tools,
resources, resource templates and prompts with their arguments; with a tool, calls it and
prints the result. In a terminal, what the server asks for while it works (an elicitation
form, a sampling request) is asked of you.

Options:
  --args <json>          the tool's arguments, a JSON object, e.g. '{"city":"Lisbon"}'
  --header <name:value>  an HTTP header on every request; repeatable
  --token <token>        sends Authorization: Bearer <token>
  --protocol <version>   speak exactly this revision: ${MODERN_REVISION}, or a 2025 one
                         (${LEGACY_REVISIONS.join(', ')}) through initialize; default: negotiate
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
    if (protocol !== undefined && !REVISIONS.includes(protocol)) {
      throw usageError(
        `--protocol ${protocol} is not a revision lambda-mcp call speaks: ${REVISIONS.join(', ')}`,
      );
    }
    const headers = parseHeaderOptions(values.header);
    if (values.token !== undefined) headers.authorization = bearerAuthorization(values.token);
    const timeoutMs = integerOption('timeout', values.timeout, DEFAULT_TIMEOUT_MS, MAX_TIMER_MS);
    // 0 would fail every request at once, as "did not answer in time".
    if (timeoutMs === 0) throw usageError('--timeout must be at least 1 (ms to wait for each answer), not 0');

    const [{ connectToServer }, { explainCallFailure }] = await Promise.all([
      import('./connect-to-server.ts'),
      import('./explain-call-failure.ts'),
    ]);
    // Questions need someone to read them on stderr and type on stdin.
    const interactive = process.stdin.isTTY === true && (io.stderr as { isTTY?: boolean }).isTTY === true;
    const terminal = interactive
      ? new (await import('./terminal-input.ts')).TerminalInput(process.stdin, io.stderr)
      : undefined;
    const output = { json: values.json === true, io };
    let connection: ServerConnection | undefined;
    try {
      connection = await connectToServer({
        url,
        headers,
        protocol,
        timeoutMs,
        clientInfo: CLIENT_INFO,
        input: terminal ?? NO_INPUT,
      });
      if (tool === undefined) {
        const { printCatalog } = await import('./print-catalog.ts');
        await printCatalog(connection, output);
        return EXIT.ok;
      }
      const { printToolResult } = await import('./print-tool-result.ts');
      return await printToolResult(connection, tool, args ?? {}, output);
    } catch (error) {
      throw explainCallFailure(error, url, interactive);
    } finally {
      terminal?.close();
      await connection?.close();
    }
  },
};
