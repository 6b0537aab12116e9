import { type ChildProcess, spawn } from 'node:child_process';
import type { CommandIo } from '../command.ts';
import { styleFor } from '../terminal-style.ts';

/** The official MCP Inspector, fetched by npx on first use (it needs Node 22.19 or later). */
export const INSPECTOR_PACKAGE = '@modelcontextprotocol/inspector@latest';

/** The npx arguments that open the Inspector's web UI on a Streamable HTTP server. */
export function inspectorArgs(url: string): string[] {
  return ['-y', INSPECTOR_PACKAGE, '--server-url', url, '--transport', 'http'];
}

export interface RunningInspector {
  stop(): Promise<void>;
}

/**
 * Starts the Inspector beside `lambda-mcp dev`. It prints its own address (with the session
 * token to open it) on our stderr; a failure to start is reported there and leaves the
 * server running, since the server is what the command is for.
 */
export function startInspector(url: string, io: CommandIo): RunningInspector {
  const style = styleFor(io.stderr);
  io.stderr.write(style.dim(`starting the MCP Inspector on ${url} (npx ${inspectorArgs(url).join(' ')})\n`));
  const windows = process.platform === 'win32';
  // npx is npx.cmd on Windows, which only a shell resolves. Elsewhere the Inspector gets a
  // process group of its own: npx runs it as a grandchild, which a signal to npx alone would
  // leave running (holding the port and our pipes), so stop() signals the whole group.
  const child: ChildProcess = spawn('npx', inspectorArgs(url), {
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: windows,
    detached: !windows,
  });
  child.stdout?.on('data', (chunk: Buffer) => io.stderr.write(chunk));
  child.stderr?.on('data', (chunk: Buffer) => io.stderr.write(chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (error) => {
    io.stderr.write(
      `${style.yellow('warning:')} could not start the MCP Inspector (${error.message}); is npx on PATH?\n`,
    );
  });
  return {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      if (windows) child.kill('SIGTERM');
      else process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
}
