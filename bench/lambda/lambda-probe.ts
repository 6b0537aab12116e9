/**
 * One Lambda execution environment, in a fresh process: import the bundle (init), answer
 * the first invocation, then time warm invocations.
 * Usage: node bench/lambda/lambda-probe.ts <bundle path> <revision> <name> <warmup> <calls>
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { emitResult } from '../probe-output.ts';
import { percentile } from '../stats.ts';
import { assertAnswered, type Revision } from '../tools-call.ts';
import { lambdaContext, toolsCallEvent } from './http-api-event.ts';

type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

const [bundle, revision, name, warmup, calls] = process.argv.slice(2) as [
  string,
  Revision,
  string,
  string,
  string,
];

async function invoke(handler: LambdaHandler, id: number, check: boolean): Promise<void> {
  const result = (await handler(
    toolsCallEvent(revision, id),
    lambdaContext({ awsRequestId: `aws-${id}` }),
  )) as APIGatewayProxyStructuredResultV2;
  const status = result.statusCode ?? 0;
  if (status === 200 && !check) return;
  const raw = result.body ?? '';
  assertAnswered(status, result.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw, name);
}

const start = performance.now();
const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: LambdaHandler };
const imported = performance.now();
await invoke(handler, 1, true);
const answered = performance.now();

let id = 1;
for (let i = 0; i < Number(warmup); i++) await invoke(handler, ++id, false);
const latenciesUs = new Float64Array(Number(calls));
for (let i = 0; i < latenciesUs.length; i++) {
  const t0 = performance.now();
  await invoke(handler, ++id, false);
  latenciesUs[i] = (performance.now() - t0) * 1000;
}
const samples = Array.from(latenciesUs);

emitResult({
  importMs: imported - start,
  firstCallMs: answered - imported,
  totalMs: answered - start,
  warmMedianUs: samples.length > 0 ? percentile(samples, 50) : Number.NaN,
  warmP99Us: samples.length > 0 ? percentile(samples, 99) : Number.NaN,
});
