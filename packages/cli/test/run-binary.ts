import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** The CLI as users run it: its bin, with the repository's Node, as a subprocess. */
export const MAIN = join(import.meta.dirname, '..', 'src', 'main.ts');

export interface BinaryRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `lambda-mcp <args>` to completion. Asynchronous on purpose: tests serve MCP servers
 * from their own process, which must keep answering while the binary runs.
 */
export function runBinary(
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<BinaryRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A long-running `lambda-mcp <args>` (dev): its output so far, and a way to wait for a line. */
export interface RunningBinary {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves with the first match of `pattern` in stdout or stderr written after `from`. */
  waitFor(pattern: RegExp, from?: number): Promise<RegExpMatchArray>;
  /** How many characters of stdout + stderr were written so far. */
  written(): number;
  stop(): Promise<number | null>;
}

export function startBinary(args: string[], options: { cwd?: string } = {}): RunningBinary {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let both = '';
  const listeners = new Set<() => void>();
  const append = (to: 'stdout' | 'stderr') => (chunk: string) => {
    if (to === 'stdout') stdout += chunk;
    else stderr += chunk;
    both += chunk;
    for (const listener of listeners) listener();
  };
  child.stdout.setEncoding('utf8').on('data', append('stdout'));
  child.stderr.setEncoding('utf8').on('data', append('stderr'));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => ({ stdout, stderr }),
    written: () => both.length,
    waitFor(pattern, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = both.slice(from).match(pattern);
          if (match) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} in the output within 15 s:\n${stdout}\n${stderr}`));
        }, 15_000);
        listeners.add(check);
        void exited.then(() => {
          if (listeners.has(check)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`exited before ${pattern}:\n${stdout}\n${stderr}`));
          }
        });
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
