/**
 * The performance budget of the Lambda path (DESIGN.md and the performance issue), judged
 * against one run's results: a server with JSON-Schema tools behind `createHandler`.
 */
import {
  coldMedian,
  LAMBDA_MCP,
  LAMBDA_MCP_CODE_CACHE,
  LAMBDA_MCP_CODE_CACHE_TRAINED,
  LAMBDA_MCP_QUIET,
  type LambdaResult,
  warmMedian,
} from './lambda.ts';
import { fixed, markdownTable } from './stats.ts';

export const BUDGET = {
  coldStartMs: 5,
  warmMeanUs: 15,
  warmMeanQuietUs: 8,
  warmP99Us: 60,
  bundleMinifiedKb: 60,
  heapKeptBytesPerCall: 64 / 40_000,
  logBytesPerCall: 400,
  speedupOverSdks: 20,
} as const;

/** CloudWatch Logs standard ingestion, USD per GB (us-east-1 list price, December 2026). */
export const CLOUDWATCH_INGEST_USD_PER_GB = 0.5;

/** What a month of 1M requests a day costs in CloudWatch Logs ingestion at `bytesPerCall`. */
export function monthlyLogCostUsd(bytesPerCall: number): number {
  return ((bytesPerCall * 1_000_000 * 30) / 1e9) * CLOUDWATCH_INGEST_USD_PER_GB;
}

const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');

export function budgetTable(results: readonly LambdaResult[]): string {
  const ours = results.find((result) => result.contender.name === LAMBDA_MCP);
  const quiet = results.find((result) => result.contender.name === LAMBDA_MCP_QUIET);
  const header = ['budget', 'measured', 'pass'];
  if (!ours || !quiet) {
    return markdownTable(header, [['all', 'not measured: a lambda-mcp contender is missing', '—']]);
  }
  const oursCold = coldMedian(ours, 'totalMs');
  const cached = results.find((result) => result.contender.name === LAMBDA_MCP_CODE_CACHE);
  const cachedCold = cached === undefined ? undefined : coldMedian(cached, 'totalMs');
  const trained = results.find((result) => result.contender.name === LAMBDA_MCP_CODE_CACHE_TRAINED);
  const trainedCold = trained === undefined ? undefined : coldMedian(trained, 'totalMs');
  const oursMean = warmMedian(ours, 'meanUs');
  const peers = results.filter(
    (result) => !result.contender.name.startsWith('lambda-mcp') && !result.contender.name.startsWith('floor'),
  );
  const sdks = results.filter((result) => result.contender.name.startsWith('SDK'));
  const heapKept = Math.max(warmMedian(ours, 'heapKeptBytesPerCall'), 0);
  const logBytes = warmMedian(ours, 'stdoutBytesPerCall');
  return markdownTable(header, [
    [
      `import + first tools/call ≤ ${BUDGET.coldStartMs} ms (median)`,
      `${fixed(oursCold)} ms`,
      verdict(oursCold <= BUDGET.coldStartMs),
    ],
    ...(cachedCold === undefined
      ? []
      : [
          [
            `import + first tools/call ≤ ${BUDGET.coldStartMs} ms (median), build --code-cache`,
            `${fixed(cachedCold)} ms`,
            verdict(cachedCold <= BUDGET.coldStartMs),
          ],
        ]),
    ...(trainedCold === undefined
      ? []
      : [
          [
            `import + first tools/call ≤ ${BUDGET.coldStartMs} ms (median), build --code-cache --train-event`,
            `${fixed(trainedCold)} ms`,
            verdict(trainedCold <= BUDGET.coldStartMs),
          ],
        ]),
    [
      `warm mean ≤ ${BUDGET.warmMeanUs} µs, default logs + EMF`,
      `${fixed(oursMean, 1)} µs`,
      verdict(oursMean <= BUDGET.warmMeanUs),
    ],
    [
      `warm mean ≤ ${BUDGET.warmMeanQuietUs} µs, quiet`,
      `${fixed(warmMedian(quiet, 'meanUs'), 1)} µs`,
      verdict(warmMedian(quiet, 'meanUs') <= BUDGET.warmMeanQuietUs),
    ],
    [
      `warm p99 ≤ ${BUDGET.warmP99Us} µs, default`,
      `${fixed(warmMedian(ours, 'p99Us'), 1)} µs`,
      verdict(warmMedian(ours, 'p99Us') <= BUDGET.warmP99Us),
    ],
    ...peers.map((peer) => {
      const theirs = warmMedian(peer, 'meanUs');
      return [
        `warm mean (default) below ${peer.contender.name}`,
        `${fixed(oursMean, 1)} vs ${fixed(theirs, 1)} µs`,
        verdict(oursMean < theirs),
      ];
    }),
    ...sdks.flatMap((sdk) =>
      [
        ['', oursCold],
        [', build --code-cache', cachedCold],
        [', build --code-cache --train-event', trainedCold],
      ]
        .filter((row): row is [string, number] => row[1] !== undefined)
        .map(([how, cold]) => {
          const ratio = coldMedian(sdk, 'totalMs') / cold;
          return [
            `cold ≥ ${BUDGET.speedupOverSdks}× faster than ${sdk.contender.name}${how}`,
            `${fixed(ratio, 1)}×`,
            verdict(ratio >= BUDGET.speedupOverSdks),
          ];
        }),
    ),
    [
      `bundle ≤ ${BUDGET.bundleMinifiedKb} KB minified`,
      `${fixed(ours.bundle.minifiedBytes / 1024, 1)} KB`,
      verdict(ours.bundle.minifiedBytes / 1024 <= BUDGET.bundleMinifiedKb),
    ],
    [
      'heap kept < 64 B over 40,000 calls',
      `${fixed(heapKept * 40_000, 0)} B`,
      verdict(heapKept <= BUDGET.heapKeptBytesPerCall),
    ],
    [
      `log + EMF bytes per tools/call < ${BUDGET.logBytesPerCall}`,
      `${fixed(logBytes, 0)} B (CloudWatch Logs at 1M requests/day: $${fixed(monthlyLogCostUsd(logBytes))}/month)`,
      verdict(logBytes < BUDGET.logBytesPerCall),
    ],
  ]);
}
