/**
 * The performance budget from DESIGN.md, judged against the Lambda results: a server
 * with JSON-Schema tools behind the Lambda adapter.
 */
import type { LambdaResult } from './lambda.ts';
import { fixed, markdownTable, median } from './stats.ts';

export const BUDGET = {
  coldStartMs: 10,
  warmUs: 25,
  bundleMinifiedKb: 60,
  speedupOverSdks: 10,
} as const;

const LAMBDA_MCP = 'lambda-mcp createHandler';

export function budgetTable(results: readonly LambdaResult[]): string {
  const ours = results.find((result) => result.contender.name === LAMBDA_MCP);
  const header = ['budget (DESIGN.md)', 'measured', 'pass'];
  if (!ours) {
    return markdownTable(header, [
      ['all', `not measured: bench/lambda/handlers/lambda-mcp.ts (needs lambda-mcp/lambda) is missing`, '—'],
    ]);
  }
  const totalMs = (result: LambdaResult) => median(result.samples.map((sample) => sample.totalMs));
  const oursMs = totalMs(ours);
  const warmUs = median(ours.samples.map((sample) => sample.warmMedianUs));
  const bundleKb = ours.bundle.minifiedBytes / 1024;
  const sdks = results.filter((result) => result.contender.name.startsWith('SDK'));
  const speedups = sdks.map((sdk) => ({ name: sdk.contender.name, ratio: totalMs(sdk) / oursMs }));
  const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');
  return markdownTable(header, [
    [
      `Lambda import + first tools/call ≤ ${BUDGET.coldStartMs} ms (median)`,
      `${fixed(oursMs)} ms`,
      verdict(oursMs <= BUDGET.coldStartMs),
    ],
    [
      `Lambda warm tools/call ≤ ${BUDGET.warmUs} µs (median of medians)`,
      `${fixed(warmUs, 1)} µs`,
      verdict(warmUs <= BUDGET.warmUs),
    ],
    [
      `bundle ≤ ${BUDGET.bundleMinifiedKb} KB minified`,
      `${fixed(bundleKb, 1)} KB`,
      verdict(bundleKb <= BUDGET.bundleMinifiedKb),
    ],
    ...speedups.map(({ name, ratio }) => [
      `Lambda cold start ≥ ${BUDGET.speedupOverSdks}× faster than ${name}`,
      `${fixed(ratio, 1)}×`,
      verdict(ratio >= BUDGET.speedupOverSdks),
    ]),
  ]);
}
