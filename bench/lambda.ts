/**
 * The Lambda path: each contender bundled with esbuild (ESM, minified, node24), then in
 * fresh processes: import of the bundle + first API Gateway HTTP API v2 `tools/call`
 * invocation, followed by warm invocations. Also reports bundle sizes.
 *
 * lambda-mcp is measured as users deploy it: the packages are built first and esbuild
 * bundles their published form (dist/, no `@lambda-mcp/source` condition).
 * Usage: node bench/lambda.ts [processes=15] [calls=5000] [warmup=1000]
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildPackages } from '../scripts/build-packages.ts';
import { type Bundle, bundleDirectory, bundleHandler } from './lambda/bundle.ts';
import { runProbe } from './probe-output.ts';
import { fixed, markdownTable, median, percentile } from './stats.ts';
import type { Revision } from './tools-call.ts';

interface LambdaContender {
  name: string;
  /** File name of the entry under bench/lambda/handlers/. */
  entry: string;
  revision: Revision;
}

interface LambdaSample {
  importMs: number;
  firstCallMs: number;
  totalMs: number;
  warmMedianUs: number;
  warmP99Us: number;
}

export interface LambdaResult {
  contender: LambdaContender;
  bundle: Bundle;
  samples: LambdaSample[];
}

export interface LambdaSettings {
  processes: number;
  calls: number;
  warmup: number;
}

const CONTENDERS: readonly LambdaContender[] = [
  { name: 'lambda-mcp createHandler', entry: 'lambda-mcp.ts', revision: '2026-07-28' },
  {
    name: 'lambda-mcp createHandler, logs + metrics off',
    entry: 'lambda-mcp-quiet.ts',
    revision: '2026-07-28',
  },
  { name: 'SDK 1.32.2 + hono/aws-lambda', entry: 'sdk-v1.ts', revision: '2025-11-25' },
  { name: 'SDK 2.4.0 + hono/aws-lambda', entry: 'sdk-v2.ts', revision: '2026-07-28' },
  { name: 'floor (hand-written)', entry: 'floor.ts', revision: '2026-07-28' },
];

const PROBE = fileURLToPath(new URL('./lambda/lambda-probe.ts', import.meta.url));

function entryPath(contender: LambdaContender): string {
  return fileURLToPath(new URL(`./lambda/handlers/${contender.entry}`, import.meta.url));
}

/** Contenders whose entry exists. */
export function availableLambdaContenders(): LambdaContender[] {
  return CONTENDERS.filter((contender) => existsSync(entryPath(contender)));
}

export async function measureLambda(settings: LambdaSettings): Promise<LambdaResult[]> {
  buildPackages();
  const outDir = await bundleDirectory();
  try {
    const results: LambdaResult[] = [];
    for (const contender of availableLambdaContenders()) {
      const bundle = await bundleHandler(entryPath(contender), outDir, contender.entry.replace(/\.ts$/, ''));
      results.push({ contender, bundle, samples: [] });
    }
    for (let run = 0; run < settings.processes; run++) {
      for (const result of results) {
        const { contender, bundle } = result;
        const args = [
          bundle.file,
          contender.revision,
          contender.name,
          String(settings.warmup),
          String(settings.calls),
        ];
        result.samples.push(await runProbe<LambdaSample>(PROBE, args));
      }
    }
    return results;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => fixed(bytes / 1024, 1);

export function lambdaTable(results: readonly LambdaResult[]): string {
  const cell = (samples: readonly LambdaSample[], key: keyof LambdaSample, digits = 2) => {
    const values = samples.map((sample) => sample[key]);
    return `${fixed(median(values), digits)} / ${fixed(percentile(values, 90), digits)}`;
  };
  return markdownTable(
    [
      'Lambda handler (bundled)',
      'init: import ms (median / p90)',
      'first invocation ms',
      'import + first ms',
      'warm µs (median of medians)',
      'warm p99 µs',
      'bundle KB min / gzip',
      'processes',
    ],
    results.map(({ contender, bundle, samples }) => [
      contender.name,
      cell(samples, 'importMs'),
      cell(samples, 'firstCallMs'),
      cell(samples, 'totalMs'),
      fixed(median(samples.map((sample) => sample.warmMedianUs)), 1),
      fixed(median(samples.map((sample) => sample.warmP99Us)), 1),
      `${kb(bundle.minifiedBytes)} / ${kb(bundle.gzipBytes)}`,
      String(samples.length),
    ]),
  );
}

if (import.meta.main) {
  const [processes = '15', calls = '5000', warmup = '1000'] = process.argv.slice(2);
  const settings = { processes: Number(processes), calls: Number(calls), warmup: Number(warmup) };
  console.log(lambdaTable(await measureLambda(settings)));
}
