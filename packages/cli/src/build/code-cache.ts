import { dirname, extname, join } from 'node:path';
import { CliError } from '../cli-error.ts';
import { LAMBDA_V8_FLAGS } from '../lambda-node-flags.ts';
import { runReportingChild } from '../reporting-child.ts';
import { writeCodeCacheLoader } from './code-cache-loader.ts';
import { CODE_CACHE_FILE } from './code-cache-runtime.ts';
import type { RecordReport, RecordRequest } from './record-code-cache.ts';

// `.ts` when run from source, `.js` in the published package (compiled to dist/).
const RECORDER = join(import.meta.dirname, `record-code-cache${extname(import.meta.filename)}`);
const INVOCATION_TIMEOUT_MS = 10_000;

export interface CodeCache {
  loader: string;
  cacheFile: string;
  cacheBytes: number;
  /** What each training invocation answered (HTTP status, `streamed`, `timeout`, `threw ...`). */
  statuses: (number | string)[];
  /** What the bundle wrote while it was recorded (its init and the training), line by line. */
  logs: string[];
  node: string;
  v8: string;
}

/**
 * The requests the cache is trained with when the user names none: what every MCP server
 * answers without running a tool (the 2026-07-28 tools/list and a tools/call of a tool that
 * does not exist, the 2025 initialize), as API Gateway HTTP API events.
 */
export async function defaultTrainingEvents(): Promise<unknown[]> {
  const [{ mcpRequest }, { lambdaEventFor }] = await Promise.all([
    import('lambda-mcp/testing'),
    import('../invoke/lambda-event-for.ts'),
  ]);
  const clientInfo = { name: 'lambda-mcp-build', version: '0.1.0' };
  const modern = [
    mcpRequest('tools/list', {}, { clientInfo }),
    mcpRequest('tools/call', { name: 'lambda-mcp-code-cache-training', arguments: {} }, { clientInfo }),
  ];
  const initialize = {
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo },
    }),
  };
  return [...modern, initialize].map((request) => lambdaEventFor('http', request, undefined));
}

/**
 * Records the code cache of `bundle` (a CommonJS Lambda bundle) beside it and writes the ESM
 * loader `index.mjs` that uses it. Runs the bundle's init and the training invocations in a
 * fresh process: the build executes the handler's module code.
 */
export async function recordCodeCache(bundle: string, events: unknown[]): Promise<CodeCache> {
  const cacheFile = join(dirname(bundle), CODE_CACHE_FILE);
  const request: RecordRequest = {
    bundle,
    cacheFile,
    exportName: 'handler',
    events,
    timeoutMs: INVOCATION_TIMEOUT_MS,
  };
  const { report, logs } = await runRecorder(request);
  if (report.kind === 'init-error') {
    throw new CliError(
      `--code-cache runs the bundle's init to record what it compiles, and it failed: ${report.message}`,
    );
  }
  if (report.kind === 'uncaught') {
    throw new CliError(
      `recording the code cache failed: an error nothing caught (thrown in a callback, or a rejection no one handled) ended the process: ${report.message}`,
    );
  }
  const loader = join(dirname(bundle), 'index.mjs');
  await writeCodeCacheLoader(loader, {
    exports: report.exports,
    v8: process.versions.v8,
    node: process.version,
  });
  return {
    loader,
    cacheFile,
    cacheBytes: report.cacheBytes,
    statuses: report.statuses,
    logs,
    node: process.version,
    v8: process.versions.v8,
  };
}

async function runRecorder(request: RecordRequest): Promise<{ report: RecordReport; logs: string[] }> {
  // NODE_OPTIONS is left out as Lambda leaves it unset by default: V8 flags in it would
  // make the cache fit this machine only.
  const { NODE_OPTIONS: _, ...env } = process.env;
  return runReportingChild<RecordReport>({
    script: RECORDER,
    nodeArgs: LAMBDA_V8_FLAGS,
    cwd: dirname(request.bundle),
    env: {
      ...env,
      AWS_LAMBDA_FUNCTION_NAME: 'lambda-mcp-code-cache',
      AWS_REGION: env.AWS_REGION ?? 'us-east-1',
    },
    request,
    killAfterMs: INVOCATION_TIMEOUT_MS * (request.events.length + 1),
    failure: (how, last) => `recording the code cache failed: the process ${how}${last ? `: ${last}` : ''}`,
  });
}

/** The last log lines a failed training invocation leaves the user to read. */
const TRAINING_LOG_LINES = 10;

/**
 * A warning when a training invocation failed (a 5xx, a throw, a timeout): the cache then
 * holds less of what that request runs, and the user trained with it for a reason. 4xx
 * answers are not failures here: a refused request (no credential, a tool that does not
 * exist) is what some training events are.
 */
export function trainingWarning(cache: Pick<CodeCache, 'statuses' | 'logs'>): string | undefined {
  const failed = cache.statuses
    .map((status, index) => ({ status, index }))
    .filter(({ status }) => (typeof status === 'number' ? status >= 500 : status !== 'streamed'));
  if (failed.length === 0) return undefined;
  const which = failed.map(({ status, index }) => `#${index + 1} ${status}`).join(', ');
  const tail = cache.logs.slice(-TRAINING_LOG_LINES);
  return (
    `training invocation(s) ${which} failed, so the cache holds less of what they run. ` +
    (tail.length > 0
      ? `The recording's last log lines:\n${tail.map((line) => `    ${line}`).join('\n')}`
      : 'The recording wrote no log lines; run the event with lambda-mcp invoke --event-file to see why.')
  );
}

/**
 * A warning when the `--train-tool` call (the last training invocation) was refused: a 4xx
 * (no such tool, no credential) runs none of the tool's own code, which the user asked the
 * cache to hold. Refusals are fine for the default training, not for this call.
 */
export function trainToolWarning(tool: string, cache: Pick<CodeCache, 'statuses'>): string | undefined {
  const status = cache.statuses.at(-1);
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  return (
    `--train-tool ${tool} was refused (HTTP ${status}), so the cache holds none of its own code: ` +
    'check the name (lambda-mcp invoke --method tools/list lists the tools) and what the server needs to run it'
  );
}
