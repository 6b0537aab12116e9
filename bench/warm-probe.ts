/**
 * Warm latency in one process: after a warm-up, time sequential `tools/call`s through a
 * fetch handler, each from building the Request to reading the whole response body.
 * Usage: node bench/warm-probe.ts <module URL> <revision> <name> <warmup> <calls>
 */
import { performance } from 'node:perf_hooks';
import { emitResult } from './probe-output.ts';
import { percentile } from './stats.ts';
import { assertAnswered, type Revision, toolsCallRequest } from './tools-call.ts';

type FetchHandler = (request: Request) => Promise<Response>;

const [moduleUrl, revision, name, warmup, calls] = process.argv.slice(2) as [
  string,
  Revision,
  string,
  string,
  string,
];

const { fetchHandler } = (await import(moduleUrl)) as { fetchHandler: FetchHandler };

async function call(id: number): Promise<void> {
  const response = await fetchHandler(toolsCallRequest(revision, id));
  const body = await response.text();
  // Parsing every answer would add the same cost to every contender; the status and the first answer are checked.
  if (response.status !== 200 || id === 1) assertAnswered(response.status, body, name);
}

let id = 0;
for (let i = 0; i < Number(warmup); i++) await call(++id);

const latenciesUs = new Float64Array(Number(calls));
const began = performance.now();
for (let i = 0; i < latenciesUs.length; i++) {
  const t0 = performance.now();
  await call(++id);
  latenciesUs[i] = (performance.now() - t0) * 1000;
}
const elapsedMs = performance.now() - began;

const samples = Array.from(latenciesUs);
emitResult({
  medianUs: percentile(samples, 50),
  p99Us: percentile(samples, 99),
  callsPerSecond: (latenciesUs.length / elapsedMs) * 1000,
});
