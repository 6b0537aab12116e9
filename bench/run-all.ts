/**
 * Runs every benchmark and writes one markdown report to stdout (progress on stderr).
 * Usage: node bench/run-all.ts   (about 4 minutes on 2 cores)
 *        node bench/run-all.ts --quick   (a smoke run with few samples; its numbers are not results)
 */
import { cpus, loadavg } from 'node:os';
import { budgetTable } from './budget.ts';
import { coldStartTable, measureColdStarts } from './cold-start.ts';
import { lambdaTable, measureLambda } from './lambda.ts';
import { measureWarm, warmTable } from './warm.ts';

const quick = process.argv.includes('--quick');
const COLD_RUNS = quick ? 2 : 15;
const WARM = quick
  ? { processes: 1, calls: 1_000, warmup: 100 }
  : { processes: 5, calls: 20_000, warmup: 2_000 };
const LAMBDA = quick
  ? { coldProcesses: 2, warmProcesses: 1, calls: 1_000, warmup: 100 }
  : { coldProcesses: 15, warmProcesses: 3, calls: 40_000, warmup: 5_000 };

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
const progress = (step: string) => process.stderr.write(`[bench] ${step} (load ${load()})\n`);
const loadBefore = load();

progress(`cold start: ${COLD_RUNS} processes per server`);
const cold = coldStartTable(await measureColdStarts(COLD_RUNS));
progress(`warm: ${WARM.processes} processes × ${WARM.calls} calls per server`);
const warm = warmTable(await measureWarm(WARM));
progress(
  `lambda: ${LAMBDA.coldProcesses} cold processes, ${LAMBDA.warmProcesses} × ${LAMBDA.calls} warm calls per bundle`,
);
const lambdaResults = await measureLambda(LAMBDA);
progress('done');

const cpu = cpus();
console.log(`## Results

Run ${new Date().toISOString()} on Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}.
Load average (1 / 5 / 15 min): ${loadBefore} before, ${load()} after.

### Budget

${budgetTable(lambdaResults)}

### Lambda (esbuild bundle, API Gateway HTTP API v2 event)

${lambdaTable(lambdaResults)}

Cold: ${LAMBDA.coldProcesses} fresh processes per bundle. Warm: ${LAMBDA.warmProcesses} other fresh processes per bundle, each ${LAMBDA.warmup} warm-up then ${LAMBDA.calls} timed invocations, stdout and stderr on drained pipes; figures are the median over those processes. Heap kept: heap in use after a full GC, after minus before the timed invocations, per invocation. stdout B/call: every byte the process wrote to stdout over its invocations.

### Cold start over the fetch handler (TypeScript sources, unbundled)

${cold}

${COLD_RUNS} fresh processes per server.

### Warm tools/call over the fetch handler

${warm}

${WARM.processes} fresh processes per server, each ${WARM.warmup} warm-up then ${WARM.calls} timed sequential calls (building the Request to reading the whole body).
`);
