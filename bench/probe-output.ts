import { spawn } from 'node:child_process';

/**
 * Probes run in fresh processes and print one marked JSON line; libraries may log
 * other lines on stdout, which the parent ignores.
 */
const MARKER = 'BENCH_RESULT ';

export function emitResult(result: unknown): void {
  process.stdout.write(`${MARKER}${JSON.stringify(result)}\n`);
}

/** Runs `node <script> ...args` with the Node that runs this file, resolving with the probe's result. */
export function runProbe<T>(script: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(MARKER));
      if (code !== 0 || !line) {
        reject(new Error(`probe ${script} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(line.slice(MARKER.length)) as T);
    });
  });
}

/** What a probe wrote on its stdout and stderr (counted, not kept), and the result it sent on fd 3. */
export interface PipedProbe<T> {
  result: T;
  stdoutBytes: number;
  stderrBytes: number;
}

/**
 * Runs `node [...nodeArgs] <script> ...args` with stdout and stderr on pipes this process
 * drains as they fill, the way the Lambda runtime collects a function's output, counting
 * their bytes; the probe answers with one JSON line on fd 3.
 */
export function runPipedProbe<T>(
  script: string,
  args: readonly string[],
  nodeArgs: readonly string[] = [],
): Promise<PipedProbe<T>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let stderrTail = '';
    let result = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderrBytes += chunk.length;
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    child.stdio[3]!.on('data', (chunk: Buffer) => {
      result += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || result.trim() === '') {
        reject(new Error(`probe ${script} ${args.join(' ')} exited ${code}: ${stderrTail}`));
        return;
      }
      resolve({ result: JSON.parse(result) as T, stdoutBytes, stderrBytes });
    });
  });
}
