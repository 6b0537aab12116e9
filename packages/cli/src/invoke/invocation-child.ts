// One Lambda invocation in a process of its own, as Lambda's Node runtime runs it: import the
// module (the init phase, timed), call the handler once with the event and a context whose
// deadline counts down, and report on fd 3. The handler's own output on stdout and stderr is
// its log, which the parent shows apart from the answer.
import { writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { userStack } from '../user-stack.ts';
import type { InvocationReport, InvocationRequest } from './invocation-report.ts';
import { localLambdaContext } from './local-lambda-context.ts';

const REPORT_FD = 3;

function report(outcome: InvocationReport): never {
  writeSync(REPORT_FD, JSON.stringify(outcome));
  // An open pool or timer would keep the process alive after the answer; Lambda would freeze it.
  process.exit(0);
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const request = JSON.parse(input) as InvocationRequest;

const initStart = performance.now();
let exported: unknown;
try {
  const module = (await import(pathToFileURL(request.file).href)) as Record<string, unknown>;
  exported = module[request.exportName];
  if (typeof exported !== 'function') {
    const names = Object.keys(module).join(', ') || 'nothing';
    report({
      kind: 'init-error',
      message: `${request.file} exports no function "${request.exportName}" (it exports ${names}). Name the handler with --export.`,
    });
  }
} catch (error) {
  report({
    kind: 'init-error',
    message: `the module failed to load: ${userStack(error)}`,
  });
}
const initMs = performance.now() - initStart;

// Lambda knows a streaming handler by the mark streamifyResponse leaves; locally its arity tells:
// (event, responseStream, context) streams, (event, context) answers with a result.
const streams = (exported as (...args: unknown[]) => unknown).length >= 3;
if (streams !== request.stream) {
  report({
    kind: 'init-error',
    message: streams
      ? `"${request.exportName}" streams its response (createStreamingHandler): add --stream`
      : `"${request.exportName}" answers with a result, it does not stream (createHandler): leave out --stream`,
  });
}

const context = localLambdaContext(request.timeoutMs);

const timedOut = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), request.timeoutMs));
const handler = exported as (...args: unknown[]) => Promise<unknown>;
const start = performance.now();
try {
  if (request.stream) {
    const chunks: Buffer[] = [];
    let firstByteMs: number | undefined;
    const responseStream = new Writable({
      write(chunk, _encoding, done) {
        firstByteMs ??= performance.now() - start;
        chunks.push(Buffer.from(chunk));
        done();
      },
    });
    const ended = new Promise<void>((resolve) => responseStream.once('finish', () => resolve()));
    const outcome = await Promise.race([
      handler(request.event, responseStream, context).then(() => ended),
      timedOut,
    ]);
    if (outcome === 'timeout') report({ kind: 'timeout', initMs, timeoutMs: request.timeoutMs });
    report({
      kind: 'stream',
      initMs,
      durationMs: performance.now() - start,
      firstByteMs: firstByteMs ?? performance.now() - start,
      base64: Buffer.concat(chunks).toString('base64'),
    });
  }
  const outcome = await Promise.race([handler(request.event, context), timedOut]);
  if (outcome === 'timeout') report({ kind: 'timeout', initMs, timeoutMs: request.timeoutMs });
  report({ kind: 'result', initMs, durationMs: performance.now() - start, result: outcome });
} catch (error) {
  report({
    kind: 'handler-error',
    initMs,
    durationMs: performance.now() - start,
    thrown: describeThrown(error),
  });
}

/**
 * What a handler threw, in one line: `Name: message` for an Error; any other value (Lambda code
 * throws `{ statusCode, message }`) as JSON, since String() would make it "[object Object]".
 */
function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  let json: string | undefined;
  try {
    json = JSON.stringify(error);
  } catch {}
  const kind =
    error === null || error === undefined
      ? String(error)
      : Array.isArray(error)
        ? 'an array'
        : typeof error === 'object'
          ? 'an object'
          : `a ${typeof error}`;
  return `${json ?? String(error)} (${kind}, not an Error)`;
}
