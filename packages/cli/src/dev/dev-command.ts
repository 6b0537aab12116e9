import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError, usageError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import { integerOption, parseCommandArgs } from '../parse-command-args.ts';

const DEFAULT_ENTRY = 'src/server.ts';

const help = `Usage: lambda-mcp dev [entry] [options]

Serves a server module (default ${DEFAULT_ENTRY}; it exports \`server\`, the result of
createServer, or has it as its default export) with the node adapter, restarts it when a
file in the entry's directory changes, and prints the URL with ready-to-paste
configuration for Claude Code, VS Code, Cursor and Claude Desktop.

Options:
  --port <port>   the port to listen on (default 3000; 0 picks a free one, kept across reloads)
  --host <host>   the address to bind (default 127.0.0.1: only this machine can connect)
  --inspector     also start the official MCP Inspector (npx @modelcontextprotocol/inspector)
                  connected to the server; it prints the address to open in a browser
  -h, --help      show this help

Stop it with Ctrl-C.
`;

export const devCommand: Command = {
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      'dev',
      argv,
      { port: { type: 'string' }, host: { type: 'string' }, inspector: { type: 'boolean' } },
      1,
    );
    const entry = resolve(positionals[0] ?? DEFAULT_ENTRY);
    if (!existsSync(entry)) {
      throw usageError(
        positionals[0] === undefined
          ? `no entry given and ${DEFAULT_ENTRY} does not exist. Name the server module: lambda-mcp dev src/server.ts`
          : `${positionals[0]} does not exist. Name the module that exports the server.`,
      );
    }
    if (statSync(entry).isDirectory()) {
      throw usageError(
        `${positionals[0] ?? DEFAULT_ENTRY} is a directory. Name the module that exports the server.`,
      );
    }
    const port = integerOption('port', values.port, 3000, 65_535);
    const host = values.host ?? '127.0.0.1';

    const { DevSupervisor } = await import('./dev-supervisor.ts');
    const supervisor = new DevSupervisor({ entry, host, port, watchDir: dirname(entry) }, io);
    const first = await supervisor.start();
    if (first.type === 'failed') throw new CliError(first.message);
    // The Inspector is started once and keeps its connection settings: reloads keep the port.
    const inspector = values.inspector
      ? (await import('./start-inspector.ts')).startInspector(first.url, io)
      : undefined;
    const code = await supervisor.untilStopped();
    await inspector?.stop();
    return code;
  },
};
