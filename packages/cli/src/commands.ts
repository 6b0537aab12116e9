import type { Command } from './command.ts';

interface CommandEntry {
  summary: string;
  // Loaded on use: `lambda-mcp --help` and each command pay only for what they import.
  load(): Promise<Command>;
}

/** Every command of the `lambda-mcp` binary, in the order `--help` lists them. */
export const COMMANDS: Record<string, CommandEntry> = {
  init: {
    summary: 'create a project from a template: server, Lambda entry, test, README',
    load: async () => (await import('./init/init-command.ts')).initCommand,
  },
  dev: {
    summary: 'serve a server module locally, reload on change, print client configuration',
    load: async () => (await import('./dev/dev-command.ts')).devCommand,
  },
  build: {
    summary: 'bundle a Lambda entry into one ESM file for nodejs24.x, with a size report',
    load: async () => (await import('./build/build-command.ts')).buildCommand,
  },
  invoke: {
    summary: 'run a Lambda handler once in a fresh process with a real event',
    load: async () => (await import('./invoke/invoke-command.ts')).invokeCommand,
  },
  call: {
    summary: 'list or call the tools of any MCP server over Streamable HTTP',
    load: async () => (await import('./call/call-command.ts')).callCommand,
  },
  openapi: {
    summary: 'the MCP tools an OpenAPI document becomes: inspect, convert at build time, or serve them',
    load: async () => (await import('./openapi/openapi-command.ts')).openapiCommand,
  },
  keys: {
    summary: 'create, list and revoke API keys in a file, DynamoDB or Postgres key store',
    load: async () => (await import('./keys/keys-command.ts')).keysCommand,
  },
  proxy: {
    summary: 'serve a remote MCP server on stdio, for clients that only start commands',
    load: async () => (await import('./proxy/proxy-command.ts')).proxyCommand,
  },
};

export function mainHelp(version: string): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
  return `lambda-mcp ${version}: stateless MCP servers on AWS Lambda and any HTTP host

Usage: lambda-mcp <command> [options]

Commands:
${lines.join('\n')}

Run lambda-mcp <command> --help for a command's options.
Exit codes: 0 ok, 1 the operation failed, 2 bad usage.
`;
}
