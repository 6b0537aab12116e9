import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForLambda } from '../../packages/cli/src/build/bundle-for-lambda.ts';
import { defaultTrainingEvents, recordCodeCache } from '../../packages/cli/src/build/code-cache.ts';
import { CODE_CACHE_BUNDLE } from '../../packages/cli/src/build/code-cache-runtime.ts';

export interface Bundle {
  /** What the probe imports: the bundle, or the loader of a code-cache build. */
  file: string;
  minifiedBytes: number;
  gzipBytes: number;
}

/** A new directory for bundles: under the system's temp directory, or under `parent`. */
export async function bundleDirectory(parent = tmpdir()): Promise<string> {
  await mkdir(parent, { recursive: true });
  return mkdtemp(join(parent, 'lambda-mcp-bench-'));
}

/**
 * What `lambda-mcp build --code-cache` writes into `dir` (a directory of its own): the
 * CommonJS bundle, its V8 code cache trained with the default requests (when
 * `defaultTraining`) and `events`, and the loader, which `file` names.
 */
export async function codeCacheBundle(
  entry: string,
  dir: string,
  options: {
    external?: readonly string[];
    conditions?: readonly string[];
    events?: unknown[];
    defaultTraining?: boolean;
  },
): Promise<Bundle & { statuses: (number | string)[] }> {
  const bundle = await bundleForLambda({
    entry,
    outfile: join(dir, CODE_CACHE_BUNDLE),
    sourcemap: false,
    external: options.external ?? [],
    conditions: options.conditions ?? [],
    format: 'cjs',
  });
  const events = [
    ...(options.defaultTraining === false ? [] : await defaultTrainingEvents()),
    ...(options.events ?? []),
  ];
  const cache = await recordCodeCache(bundle.file, events);
  return {
    file: cache.loader,
    minifiedBytes: bundle.bytes,
    gzipBytes: bundle.gzipBytes,
    statuses: cache.statuses,
  };
}

/**
 * Bundles a Lambda entry exactly as `lambda-mcp build` does (the CLI's esbuild options:
 * ESM, minified, tree-shaken, nodejs24.x), with no custom condition, so lambda-mcp resolves
 * to its published form (dist/, built beforehand). No source map: only the code is measured.
 */
export async function bundleHandler(
  entry: string,
  outDir: string,
  name: string,
  external: readonly string[] = [],
  /** Build with --code-cache: its default training, or these events (`--train-event`). */
  codeCache?: 'default' | unknown[],
): Promise<Bundle> {
  if (codeCache !== undefined) {
    return codeCacheBundle(entry, join(outDir, name), {
      external,
      events: codeCache === 'default' ? [] : codeCache,
      defaultTraining: codeCache === 'default',
    });
  }
  const bundle = await bundleForLambda({
    entry,
    outfile: join(outDir, `${name}.mjs`),
    sourcemap: false,
    external,
  });
  return { file: bundle.file, minifiedBytes: bundle.bytes, gzipBytes: bundle.gzipBytes };
}
