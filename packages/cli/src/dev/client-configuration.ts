import { shellWord } from '../shell-word.ts';

/** A name a client configuration can use as a key: `example/weather` becomes `weather`. */
export function configurationName(serverName: string | undefined): string {
  const last = (serverName ?? '').split('/').at(-1) ?? '';
  const cleaned = last
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return cleaned || 'mcp-server';
}

/**
 * Ready-to-paste configuration for the clients people use, each in its own format: Claude
 * Code's command, VS Code's and Cursor's JSON, and Claude Desktop, which starts only stdio
 * servers and so reaches an HTTP server through `lambda-mcp proxy`.
 */
export function clientConfiguration(
  name: string,
  url: string,
): { client: string; where: string; text: string }[] {
  const json = (value: unknown) => JSON.stringify(value);
  return [
    {
      client: 'Claude Code',
      where: 'run',
      text: `claude mcp add --transport http ${name} ${shellWord(url)}`,
    },
    {
      client: 'VS Code',
      where: '.vscode/mcp.json',
      text: json({ servers: { [name]: { type: 'http', url } } }),
    },
    { client: 'Cursor', where: '.cursor/mcp.json', text: json({ mcpServers: { [name]: { url } } }) },
    {
      client: 'Claude Desktop',
      where: 'claude_desktop_config.json, through lambda-mcp proxy',
      text: json({
        mcpServers: { [name]: { command: 'npx', args: ['-y', '@lambda-mcp/cli', 'proxy', url] } },
      }),
    },
    // Through npx, as Claude Desktop's line: in a project the CLI is a devDependency, which puts
    // no lambda-mcp command on the shell's PATH (and `npx lambda-mcp` would fetch the library).
    { client: 'Try it', where: 'run', text: `npx @lambda-mcp/cli call ${shellWord(url)}` },
  ];
}
