import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ServerProcess {
  /** The MCP endpoint URL the process printed. */
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

const MAIN = join(import.meta.dirname, '..', 'src', 'main.ts');

/** Starts `src/main.ts` as its own process, as Lambda Web Adapter's `run.sh` would, on a free port. */
export function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--conditions=@lambda-mcp/source', MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /MCP server on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      child.stdout?.off('data', onData);
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      resolve({
        url: match[1]!,
        child,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${output}`)));
  });
}
