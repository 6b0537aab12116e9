import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The installed runtime interface client's entry (its `aws-lambda-ric` bin). */
export const RIC_ENTRY = join(dirname(require.resolve('aws-lambda-ric/package.json')), 'index.mjs');

/** How long Lambda lets a runtime shut down after SIGTERM before it sends SIGKILL. */
const SHUTDOWN_GRACE_MS = 2000;

export interface RunningRic {
  readonly process: ChildProcess;
  /** Settles when the runtime process ends, with how it ended. */
  readonly exited: Promise<string>;
  /** Everything the runtime printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `aws-lambda-ric` with this repo's Node, as Lambda's managed runtime starts it:
 * the handler `index.handler` in `LAMBDA_TASK_ROOT`, polling `AWS_LAMBDA_RUNTIME_API`.
 * It uses its native client (`rapid-client.node`, an N-API addon, so the build made at
 * install time loads on Node 24): if that fails to load, the runtime exits at start.
 */
export function spawnRic(taskRoot: string, runtimeApi: string): RunningRic {
  const child = spawn(process.execPath, [RIC_ENTRY], {
    cwd: taskRoot,
    env: {
      PATH: process.env.PATH ?? '',
      AWS_LAMBDA_RUNTIME_API: runtimeApi,
      LAMBDA_TASK_ROOT: taskRoot,
      _HANDLER: 'index.handler',
      AWS_LAMBDA_FUNCTION_NAME: 'lambda-mcp-ric-test',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/lambda-mcp-ric-test',
      AWS_LAMBDA_LOG_STREAM_NAME: '2026/11/21/[$LATEST]0123456789abcdef',
      AWS_REGION: 'us-east-1',
      TZ: ':UTC',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`)),
  );
  return {
    process: child,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // Lambda follows SIGTERM with SIGKILL. We need it too: a SIGTERM listener (the
      // adapter's lifespan disposal) exits through process.exit, which waits for libuv's
      // thread pool, where the native client may be blocked in its `invocation/next` poll.
      const kill = setTimeout(() => child.kill('SIGKILL'), SHUTDOWN_GRACE_MS);
      await exited;
      clearTimeout(kill);
    },
  };
}
