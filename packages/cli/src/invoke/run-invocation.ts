import { dirname, extname, join } from 'node:path';
import { LAMBDA_V8_FLAGS } from '../lambda-node-flags.ts';
import { runReportingChild } from '../reporting-child.ts';
import type { InvocationReport, InvocationRequest } from './invocation-report.ts';

// `.ts` when run from source, `.js` in the published package (compiled to dist/).
const CHILD = join(import.meta.dirname, `invocation-child${extname(import.meta.filename)}`);
// Past the handler's deadline, the child reports a timeout itself; this is for a child that cannot.
const KILL_GRACE_MS = 5_000;
// The init runs before the handler's deadline starts, and Lambda gives it 10 s of its own.
const LAMBDA_INIT_MS = 10_000;

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
  return runReportingChild<InvocationReport>({
    script: CHILD,
    // The flags this CLI runs with (--conditions among them) resolve the module the same way;
    // Lambda's V8 flags make V8 compile as it does there (and accept a --code-cache build's cache).
    nodeArgs: [...process.execArgv, ...LAMBDA_V8_FLAGS],
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
    request,
    killAfterMs: LAMBDA_INIT_MS + request.timeoutMs + KILL_GRACE_MS,
    failure: (how, last) => `the handler process ${how} before answering${last ? `: ${last}` : ''}`,
  });
}
