// Records the V8 code cache of a CommonJS Lambda bundle, in a process of its own started with
// the V8 flags the Lambda Node.js runtime starts with (V8 accepts a cache only under the flags
// it was made with): compile the bundle as the loader does, run its init, invoke the handler
// with the training events so the functions the first requests run get compiled, then write
// what V8 has compiled. Reports on fd 3; the handler's own output is its log.
import { writeFileSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { Script } from 'node:vm';
import { localLambdaContext } from '../invoke/local-lambda-context.ts';
import { userStack } from '../user-stack.ts';
import { compileBundle, runBundle } from './code-cache-runtime.ts';

export interface RecordRequest {
  bundle: string;
  cacheFile: string;
  exportName: string;
  events: unknown[];
  timeoutMs: number;
}

export type RecordReport =
  | { kind: 'recorded'; exports: string[]; cacheBytes: number; statuses: (number | string)[] }
  | { kind: 'init-error'; message: string }
  | { kind: 'uncaught'; message: string };

const REPORT_FD = 3;

function report(outcome: RecordReport): never {
  writeSync(REPORT_FD, JSON.stringify(outcome));
  // Pools and timers the handler opened would keep the process alive.
  process.exit(0);
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const request = JSON.parse(input) as RecordRequest;

// A throw in a callback or a rejection nothing handles, in the init or a training invocation,
// would end the process with Node's report, whose last line names only the Node version. The
// Lambda runtime ends the process on them too: they fail the build, with their error.
const uncaught = (error: unknown) => report({ kind: 'uncaught', message: userStack(error) });
process.on('uncaughtException', uncaught);
process.on('unhandledRejection', uncaught);

let script: Script;
let exported: Record<string, unknown> = {};
try {
  // Compiling is part of the init: a syntax error is reported as its error, like a throw.
  script = compileBundle(request.bundle);
  exported = runBundle(script, request.bundle);
} catch (error) {
  report({ kind: 'init-error', message: userStack(error) });
}
const handler = exported[request.exportName];
if (typeof handler !== 'function') {
  const names = Object.keys(exported).join(', ') || 'nothing';
  report({
    kind: 'init-error',
    message: `the bundle exports no function "${request.exportName}" (it exports ${names})`,
  });
}

// Node looks for unhandled rejections between turns of the event loop, and an init or a
// handler that awaits nothing would otherwise run to the report within one.
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
await nextTurn();
const statuses: (number | string)[] = [];
for (const event of request.events) {
  statuses.push(await invoke(handler as Handler, event));
  await nextTurn();
}
const cache = script.createCachedData();
writeFileSync(request.cacheFile, cache);
report({ kind: 'recorded', exports: Object.keys(exported), cacheBytes: cache.length, statuses });

type Handler = (...args: unknown[]) => unknown;

/** One invocation; what it answered (an HTTP status, or why there is none) is only reported. */
async function invoke(handler: Handler, event: unknown): Promise<number | string> {
  const context = localLambdaContext(request.timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), request.timeoutMs);
  });
  try {
    // A streaming handler (createStreamingHandler) takes (event, responseStream, context).
    const answer =
      handler.length >= 3
        ? Promise.resolve(
            handler(event, new Writable({ write: (_chunk, _encoding, done) => done() }), context),
          ).then(() => 'streamed')
        : // A handler that is not async answers with a value, not a promise: as `invoke` does.
          Promise.resolve(handler(event, context)).then(
            (result) => (result as { statusCode?: number } | null)?.statusCode ?? 'answered',
          );
    return await Promise.race([answer, timedOut]);
  } catch (error) {
    return `threw ${(error as Error)?.name ?? 'an error'}`;
  } finally {
    clearTimeout(timer);
  }
}
