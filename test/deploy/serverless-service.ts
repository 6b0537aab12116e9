import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundleAll as bundleTasks } from '../../examples/tasks/infra/bundle.ts';
import { bundleAll as bundleFacade } from '../../examples/tasks-facade/infra/bundle.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const SERVERLESS = join(REPO_ROOT, 'node_modules', '.bin', 'serverless');
/** The CLI's script: run with this test's Node (24, the functions' runtime), not the PATH's. */
const SERVERLESS_JS = join(REPO_ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');

/** Serverless Framework, offline: no telemetry, no notifications, and not the test's NODE_OPTIONS. */
export const SERVERLESS_ENV = {
  SLS_TELEMETRY_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
  NODE_OPTIONS: '',
};

/** A committed Serverless service: its directory, the files to copy, how its bundles are made. */
export interface ServerlessServiceSource {
  dir: string;
  files: readonly string[];
  /** Writes the `lambda-mcp build` bundles its serverless.yml packages, under `outDir`. */
  bundle(outDir: string): void;
}

/** examples/tasks/deploy/serverless: the task server and its authorizer. */
export const TASKS_SERVICE: ServerlessServiceSource = {
  dir: join(REPO_ROOT, 'examples', 'tasks', 'deploy', 'serverless'),
  files: ['serverless.yml', 'stage-throttle.cjs'],
  bundle: (outDir) => bundleTasks(outDir, true),
};

/** examples/tasks-facade/deploy/serverless: the façade and the tasks authorizer. */
export const FACADE_SERVICE: ServerlessServiceSource = {
  dir: join(REPO_ROOT, 'examples', 'tasks-facade', 'deploy', 'serverless'),
  files: ['serverless.yml', 'stage-throttle.cjs'],
  bundle: (outDir) => bundleFacade(outDir, true),
};

/**
 * A Serverless service in a temp directory of its own: serverless.yml and its local plugin
 * as committed, the bundles `lambda-mcp build` makes under dist/, and the repository's
 * node_modules linked in (for serverless-offline, and for the packages the bundles leave
 * external). Test files running side by side never share a directory.
 */
export function serverlessService(source: ServerlessServiceSource): {
  dir: string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'sls-service-'));
  for (const file of source.files) copyFileSync(join(source.dir, file), join(dir, file));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  source.bundle(join(dir, 'dist'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `serverless <args>` in `dir` (e.g. `package`), offline, under this test's Node. */
export function runServerless(
  dir: string,
  args: readonly string[],
): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [SERVERLESS_JS, ...args], {
    cwd: dir,
    env: { ...process.env, ...SERVERLESS_ENV },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** A free loopback port (closed again: the caller's server takes it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServerlessOffline {
  /** The API's base URL: `http://localhost:<port>/` (no stage: --noPrependStageInUrl). */
  readonly url: URL;
  /** Everything serverless-offline printed so far (its request and authorizer lines). */
  output(): string;
  /** SIGTERM (SIGKILL if it is still running 10 s later), and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * `serverless offline start` in `dir` on free ports, resolved once it prints "Server ready".
 * It runs with --noPrependStageInUrl (serverless-offline would put the stage into
 * `requestContext.resourcePath`, which API Gateway does not) and --localEnvironment (so
 * `env` reaches the functions: a function's own `environment` still wins), under this
 * test's Node, telemetry and notifications off.
 */
export async function startServerlessOffline(
  dir: string,
  options: { params: Record<string, string>; env: Record<string, string> },
): Promise<ServerlessOffline> {
  const [httpPort, lambdaPort] = [await freePort(), await freePort()];
  const args = [
    SERVERLESS_JS,
    'offline',
    'start',
    '--noPrependStageInUrl',
    '--localEnvironment',
    '--httpPort',
    String(httpPort),
    '--lambdaPort',
    String(lambdaPort),
    ...Object.entries(options.params).map(([name, value]) => `--param=${name}=${value}`),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: dir,
    env: { ...process.env, ...SERVERLESS_ENV, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    // Hang guard: a server that ignores SIGTERM is killed, so `after` always ends.
    const guard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(guard);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Server ready:')) resolve();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`serverless offline exited ${code}:\n${output}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: new URL(`http://localhost:${httpPort}/`), output: () => output, stop };
}
