/**
 * The Lambda path, measured the way Lambda bills: each contender bundled by the CLI's
 * `lambda-mcp build` options, then
 * - cold: in fresh processes, import of the bundle + the first API Gateway HTTP API v2
 *   `tools/call` (median and p90 over processes);
 * - warm: in other fresh processes, one warm invocation after another with stdout and stderr
 *   on drained pipes as under the Lambda runtime: mean (what a busy function pays, GC pauses
 *   included), median and p99 per invocation, heap kept per invocation after a full GC, and
 *   the bytes each invocation writes to stdout (its CloudWatch Logs volume).
 *
 * lambda-mcp is measured as users deploy it: the packages are built first and the bundle
 * takes their published form (dist/, no `@lambda-mcp/source` condition).
 * Usage: node bench/lambda.ts [coldProcesses=15] [warmProcesses=3] [calls=40000] [warmup=5000]
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildPackages } from '../scripts/build-packages.ts';
import { type Bundle, bundleDirectory, bundleHandler } from './lambda/bundle.ts';
import { toolsCallEvent } from './lambda/http-api-event.ts';
import type { ColdSample, WarmSample } from './lambda/lambda-probe.ts';
import { runPipedProbe } from './probe-output.ts';
import { fixed, markdownTable, median, percentile } from './stats.ts';
import type { Revision } from './tools-call.ts';

export interface LambdaContender {
  name: string;
  /** File name of the entry under bench/lambda/handlers/. */
  entry: string;
  /** The revision the contender speaks (fastmcp and SDK 1.x do not speak 2026-07-28). */
  revision: Revision;
  /** Packages the bundle leaves out: optional imports the contender never loads on this path. */
  external?: readonly string[];
  /** Built as `lambda-mcp build --code-cache` does: with its default training, or with `--train-event` of the measured tools/call. */
  codeCache?: 'default' | 'tools/call';
}

export interface WarmRun extends WarmSample {
  stdoutBytesPerCall: number;
  stderrBytesPerCall: number;
}

export interface LambdaResult {
  contender: LambdaContender;
  bundle: Bundle;
  cold: ColdSample[];
  warm: WarmRun[];
}

export interface LambdaSettings {
  coldProcesses: number;
  warmProcesses: number;
  calls: number;
  warmup: number;
}

export const LAMBDA_MCP = 'lambda-mcp (default: log line + EMF)';
export const LAMBDA_MCP_QUIET = 'lambda-mcp (logs + EMF off)';
export const LAMBDA_MCP_CODE_CACHE = 'lambda-mcp, build --code-cache (default)';
export const LAMBDA_MCP_CODE_CACHE_TRAINED = 'lambda-mcp, build --code-cache --train-event (the tools/call)';
export const LAMBDA_MCP_ZOD = 'lambda-mcp, the same tools with zod 4 schemas (default)';

const CONTENDERS: readonly LambdaContender[] = [
  { name: LAMBDA_MCP, entry: 'lambda-mcp.ts', revision: '2026-07-28' },
  { name: LAMBDA_MCP_QUIET, entry: 'lambda-mcp-quiet.ts', revision: '2026-07-28' },
  { name: LAMBDA_MCP_CODE_CACHE, entry: 'lambda-mcp.ts', revision: '2026-07-28', codeCache: 'default' },
  {
    name: LAMBDA_MCP_CODE_CACHE_TRAINED,
    entry: 'lambda-mcp.ts',
    revision: '2026-07-28',
    codeCache: 'tools/call',
  },
  { name: LAMBDA_MCP_ZOD, entry: 'lambda-mcp-zod.ts', revision: '2026-07-28' },
  { name: 'floor (hand-written)', entry: 'floor.ts', revision: '2026-07-28' },
  {
    name: 'fastmcp 4.20 EdgeFastMCP + hono/aws-lambda',
    entry: 'fastmcp-edge.ts',
    revision: '2025-11-25',
    // xsschema's adapters for other schema libraries, imported only when such a schema is given.
    external: ['effect', 'sury', '@valibot/to-json-schema'],
  },
  { name: 'mcp-handler 2.4 + hono/aws-lambda', entry: 'mcp-handler.ts', revision: '2026-07-28' },
  { name: 'SDK 1.32.2 + hono/aws-lambda', entry: 'sdk-v1.ts', revision: '2025-11-25' },
  { name: 'SDK 2.4.0 + hono/aws-lambda', entry: 'sdk-v2.ts', revision: '2026-07-28' },
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
  buildPackages(['lambda-mcp']);
  const outDir = await bundleDirectory();
  try {
    const results: LambdaResult[] = [];
    for (const contender of availableLambdaContenders()) {
      const name = `${contender.entry.replace(/\.ts$/, '')}${contender.codeCache ? `-code-cache-${contender.codeCache.replace('/', '-')}` : ''}`;
      const bundle = await bundleHandler(
        entryPath(contender),
        outDir,
        name,
        contender.external,
        contender.codeCache === undefined
          ? undefined
          : contender.codeCache === 'default'
            ? 'default'
            : [toolsCallEvent(contender.revision, 1)],
      );
      results.push({ contender, bundle, cold: [], warm: [] });
    }
    const probeArgs = (result: LambdaResult, mode: 'cold' | 'warm') => [
      result.bundle.file,
      result.contender.revision,
      result.contender.name,
      mode,
      String(settings.warmup),
      String(settings.calls),
    ];
    // Round robin, so a slow phase of the machine falls on every contender alike.
    for (let run = 0; run < settings.coldProcesses; run++) {
      for (const result of results) {
        // With the flag the Lambda runtime starts Node with (and a code cache recorded under it).
        result.cold.push(
          (await runPipedProbe<ColdSample>(PROBE, probeArgs(result, 'cold'), ['--expose-gc'])).result,
        );
      }
    }
    for (let run = 0; run < settings.warmProcesses; run++) {
      for (const result of results) {
        const probe = await runPipedProbe<WarmSample>(PROBE, probeArgs(result, 'warm'), ['--expose-gc']);
        result.warm.push({
          ...probe.result,
          stdoutBytesPerCall: probe.stdoutBytes / probe.result.invocations,
          stderrBytesPerCall: probe.stderrBytes / probe.result.invocations,
        });
      }
    }
    return results;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => fixed(bytes / 1024, 1);

/** Median over the warm processes of one per-process figure. */
export function warmMedian(result: LambdaResult, key: keyof WarmRun): number {
  return median(result.warm.map((run) => run[key]));
}

export function coldMedian(result: LambdaResult, key: keyof ColdSample): number {
  return median(result.cold.map((sample) => sample[key]));
}

export function lambdaTable(results: readonly LambdaResult[]): string {
  const cold = (result: LambdaResult, key: keyof ColdSample) =>
    `${fixed(coldMedian(result, key))} / ${fixed(
      percentile(
        result.cold.map((sample) => sample[key]),
        90,
      ),
    )}`;
  return markdownTable(
    [
      'Lambda handler (bundled)',
      'bundle KB min / gzip',
      'import ms (median / p90)',
      'import + first call ms (median / p90)',
      'warm mean µs',
      'warm median µs',
      'warm p99 µs',
      'heap kept B/call',
      'stdout B/call',
    ],
    results.map((result) => [
      result.contender.name,
      `${kb(result.bundle.minifiedBytes)} / ${kb(result.bundle.gzipBytes)}`,
      cold(result, 'importMs'),
      cold(result, 'totalMs'),
      fixed(warmMedian(result, 'meanUs'), 1),
      fixed(warmMedian(result, 'medianUs'), 1),
      fixed(warmMedian(result, 'p99Us'), 1),
      fixed(warmMedian(result, 'heapKeptBytesPerCall'), 1),
      fixed(warmMedian(result, 'stdoutBytesPerCall'), 0),
    ]),
  );
}

if (import.meta.main) {
  const [coldProcesses = '15', warmProcesses = '3', calls = '40000', warmup = '5000'] = process.argv.slice(2);
  const settings = {
    coldProcesses: Number(coldProcesses),
    warmProcesses: Number(warmProcesses),
    calls: Number(calls),
    warmup: Number(warmup),
  };
  console.log(lambdaTable(await measureLambda(settings)));
}
