import { spawn } from 'node:child_process';

/**
 * Opens `url` in the user's browser: `LAMBDA_MCP_BROWSER` when set (a command that gets the URL
 * as its last argument: tests script the sign-in with it, and headless machines point it at
 * anything), else the platform's opener. Its output goes to stderr: stdout is the MCP stream.
 * Resolves to whether the opener ran without error.
 */
export function openBrowser(
  url: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  log: (line: string) => void = () => {},
): Promise<boolean> {
  const custom = env.LAMBDA_MCP_BROWSER;
  const [command, args] = custom
    ? process.platform === 'win32'
      ? ['cmd.exe', ['/d', '/s', '/c', `${custom} "${url}"`]]
      : // The URL as a positional parameter: no shell quoting of it is needed.
        ['/bin/sh', ['-c', `${custom} "$1"`, 'lambda-mcp-browser', url]]
    : process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  return new Promise((resolve) => {
    const child = spawn(command, args as string[], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(process.stderr, { end: false });
    child.stderr.pipe(process.stderr, { end: false });
    child.once('error', (error) => {
      log(`could not start ${command} (${error.message}): open the sign-in URL above yourself`);
      resolve(false);
    });
    child.once('exit', (code) => resolve(code === 0));
  });
}
