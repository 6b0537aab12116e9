/**
 * One Lambda execution environment, in a fresh process: import the bundle (init) and answer
 * the first invocation; in `warm` mode, then time warm invocations one after another, as a
 * busy function serves them.
 *
 * stdout and stderr stay the handler's own, on pipes the parent drains and counts, as under
 * the Lambda runtime; the result goes out on fd 3. The runtime client's built-ins are loaded
 * before the measured section, as a real init finds them. Run with `--expose-gc` for the heap figure.
 * Usage: node --expose-gc bench/lambda/lambda-probe.ts <bundle> <revision> <name> <cold|warm> <warmup> <calls>
 */
import { randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { percentile } from '../stats.ts';
import { assertAnswered, type Revision } from '../tools-call.ts';
import { lambdaContext, toolsCallEvent } from './http-api-event.ts';
import { loadRuntimeBuiltins } from './runtime-builtins.ts';

type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

export interface ColdSample {
  importMs: number;
  firstCallMs: number;
  totalMs: number;
}

export interface WarmSample {
  meanUs: number;
  medianUs: number;
  p99Us: number;
  /**
   * Object heap (new, old and large-object spaces; not the code spaces, where the JIT's
   * optimized code lands) still in use after a full GC, per timed invocation: bytes, ≈ 0
   * when nothing leaks or accumulates.
   */
  heapKeptBytesPerCall: number;
  /** Every invocation of the process (first, warm-up and timed): the parent divides the bytes it read by this. */
  invocations: number;
}

const [bundle, revision, name, mode, warmup, calls] = process.argv.slice(2) as [
  string,
  Revision,
  string,
  'cold' | 'warm',
  string,
  string,
];

// Events and contexts are built ahead, outside the timed calls, and used in turn: the probe
// times the handler, not the making of its input. Request ids are UUIDs as on Lambda, so the
// log bytes per call are what CloudWatch would receive.
const POOL_SIZE = 1024;
const pool = Array.from({ length: POOL_SIZE }, (_, i) => ({
  event: toolsCallEvent(revision, i + 1),
  context: lambdaContext({ awsRequestId: randomUUID(), remainingMs: 900_000 }),
}));

async function invoke(handler: LambdaHandler, id: number, check: boolean): Promise<void> {
  const { event, context } = pool[id % POOL_SIZE]!;
  const result = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  const status = result.statusCode ?? 0;
  if (status === 200 && !check) return;
  const raw = result.body ?? '';
  assertAnswered(status, result.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw, name);
}

const OBJECT_SPACES = new Set(['new_space', 'old_space', 'large_object_space', 'new_large_object_space']);

function objectHeapBytes(): number {
  let bytes = 0;
  for (const space of getHeapSpaceStatistics())
    if (OBJECT_SPACES.has(space.space_name)) bytes += space.space_used_size;
  return bytes;
}

function emit(result: ColdSample | WarmSample): void {
  writeSync(3, `${JSON.stringify(result)}\n`);
}

await loadRuntimeBuiltins();
const start = performance.now();
const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: LambdaHandler };
const imported = performance.now();
await invoke(handler, 1, true);
const answered = performance.now();

if (mode === 'cold') {
  emit({ importMs: imported - start, firstCallMs: answered - imported, totalMs: answered - start });
} else {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the warm probe with --expose-gc');
  let id = 1;
  // Warm-up and timed calls run through this one function: a loop of their own would be
  // optimized (on-stack replacement) during the timed calls, and the JIT's code and its
  // dependency lists would count as heap the handler kept.
  const timedCalls = async (latenciesUs: Float64Array) => {
    let total = 0;
    for (let i = 0; i < latenciesUs.length; i++) {
      const t0 = performance.now();
      await invoke(handler, ++id, false);
      const us = (performance.now() - t0) * 1000;
      latenciesUs[i] = us;
      total += us;
    }
    return total;
  };
  await timedCalls(new Float64Array(Number(warmup)));
  const latenciesUs = new Float64Array(Number(calls));
  gc();
  const heapBefore = objectHeapBytes();
  const total = await timedCalls(latenciesUs);
  gc();
  const heapAfter = objectHeapBytes();
  // One more checked call: the timed ones skipped the body check, this proves they still answered.
  await invoke(handler, ++id, true);
  const samples = Array.from(latenciesUs);
  emit({
    meanUs: total / latenciesUs.length,
    medianUs: percentile(samples, 50),
    p99Us: percentile(samples, 99),
    heapKeptBytesPerCall: (heapAfter - heapBefore) / latenciesUs.length,
    invocations: id,
  });
}
