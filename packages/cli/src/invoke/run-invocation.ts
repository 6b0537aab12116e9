import { spawn } from 'node:child_process';
import { dirname, extname, join } from 'node:path';
import { CliError } from '../cli-error.ts';
import { LAMBDA_V8_FLAGS } from '../lambda-node-flags.ts';
import type { InvocationReport, InvocationRequest } from './invocation-report.ts';

// `.ts` when run from source, `.js` in the published package (compiled to dist/).
const CHILD = join(import.meta.dirname, `invocation-child${extname(import.meta.filename)}`);
// Past the handler's deadline, the child reports a timeout itself; this is for a child that cannot.
const KILL_GRACE_MS = 5_000;

export interface Invocation {
  report: InvocationReport;
  /** The handler's output (its log lines), stdout and stderr interleaved as they came. */
  logs: string[];
}

/**
 * Runs one invocation in a fresh Node process started in the module's directory, with the
 * environment variables Lambda sets, so module state, cold start and init are as on Lambda.
 */
export function runInvocation(request: InvocationRequest): Promise<Invocation> {
  return new Promise((resolve, reject) => {
    // The flags this CLI runs with (--conditions among them) resolve the module the same way;
    // Lambda's V8 flags make V8 compile as it does there (and accept a --code-cache build's cache).
    const child = spawn(process.execPath, [...process.execArgv, ...LAMBDA_V8_FLAGS, CHILD], {
      cwd: dirname(request.file),
      env: {
        ...process.env,
        AWS_LAMBDA_FUNCTION_NAME: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'lambda-mcp-local',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '1024',
        AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
        LAMBDA_TASK_ROOT: dirname(request.file),
      },
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    let reported = '';
    let pending = '';
    const logs: string[] = [];
    const collect = (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      logs.push(...lines.filter((line) => line !== ''));
    };
    child.stdout.setEncoding('utf8').on('data', collect);
    child.stderr.setEncoding('utf8').on('data', collect);
    (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8').on('data', (chunk: string) => {
      reported += chunk;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), request.timeoutMs + KILL_GRACE_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      if (pending !== '') logs.push(pending);
      if (reported === '') {
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        const last = logs.at(-1);
        reject(new CliError(`the handler process ${how} before answering${last ? `: ${last}` : ''}`));
        return;
      }
      resolve({ report: JSON.parse(reported) as InvocationReport, logs });
    });
    child.stdin.end(JSON.stringify(request));
  });
}
