import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Probes run in fresh processes and print one marked JSON line; libraries may log
 * other lines on stdout, which the parent ignores.
 */
const MARKER = 'BENCH_RESULT ';

export function emitResult(result: unknown): void {
  process.stdout.write(`${MARKER}${JSON.stringify(result)}\n`);
}

/** Runs `node <script> ...args` with the Node that runs this file, resolving with the probe's result. */
export function runProbe<T>(
  script: string,
  args: readonly string[],
  nodeArgs: readonly string[] = [],
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
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
 * Runs `node [...nodeArgs] <script> ...args` with stdout and stderr on real pipes (named
 * FIFOs) that this process drains and counts, the way the Lambda runtime collects a
 * function's output; the probe answers with one JSON line on fd 3. Not Node's `'pipe'`
 * stdio: that is a non-blocking UNIX socket, on which a synchronous write that finds it full
 * fails and a logger falls back to slower stream writes, which Lambda's pipes never cause.
 */
export async function runPipedProbe<T>(
  script: string,
  args: readonly string[],
  nodeArgs: readonly string[] = [],
): Promise<PipedProbe<T>> {
  const dir = mkdtempSync(join(tmpdir(), 'probe-fifo-'));
  try {
    const [stdout, stderr] = [join(dir, 'stdout'), join(dir, 'stderr')];
    execFileSync('mkfifo', [stdout, stderr]);
    // Open the read ends first, without blocking; then the write ends the child inherits.
    const readers = [stdout, stderr].map((path) => openSync(path, constants.O_RDONLY | constants.O_NONBLOCK));
    const writers = [stdout, stderr].map((path) => openSync(path, 'w'));
    const counts = readers.map((fd, i) => drain(fd, i === 1));
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
      stdio: ['ignore', writers[0]!, writers[1]!, 'pipe'],
    });
    for (const fd of writers) closeSync(fd);
    let result = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => {
      result += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const [stdoutBytes, stderrBytes] = await Promise.all(counts.map((count) => count.bytes));
    const tail = counts[1]!.tail();
    if (code !== 0 || result.trim() === '') {
      throw new Error(`probe ${script} ${args.join(' ')} exited ${code}: ${tail}`);
    }
    return { result: JSON.parse(result) as T, stdoutBytes: stdoutBytes!, stderrBytes: stderrBytes! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Reads a FIFO until every writer closed it, counting bytes and, when `keepTail` (stderr, for
 * the error message), keeping the last 2,000 characters. stdout is only counted: the reader
 * does as little per chunk as Lambda's log collector, so it takes no CPU from the probe.
 */
function drain(fd: number, keepTail: boolean): { bytes: Promise<number>; tail(): string } {
  // libuv reads a FIFO as a pipe stream (as it does process.stdin on a pipe).
  const stream = new Socket({ fd, readable: true, writable: false });
  let bytes = 0;
  let tail = '';
  const done = new Promise<number>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (keepTail) tail = (tail + chunk.toString()).slice(-2000);
    });
    stream.on('end', () => resolve(bytes));
    stream.on('error', reject);
  });
  return { bytes: done, tail: () => tail };
}
