import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
// The CLI's options (`lambda-mcp build`): the one place the repository's esbuild options live.
import { hasCommonJsInput, lambdaBuildOptions } from '../../../packages/cli/src/build/esbuild-options.ts';

/** What a Lambda bundle weighs, as uploaded (minified) and as transferred (gzip). */
export interface LambdaBundle {
  /** Absolute path of the written `index.mjs`. */
  file: string;
  bytes: number;
  gzipBytes: number;
  /** True when a CommonJS dependency made the `createRequire` banner necessary. */
  requireBanner: boolean;
}

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/**
 * Bundles a Lambda entry the way we ship it: one minified ESM file `index.mjs` for
 * `nodejs24.x`, with no native addon and no import left to resolve at runtime except
 * node builtins, so the same file runs on arm64 and x86_64.
 */
export async function bundleLambda(
  entry: string,
  outdir: string,
  options: { external?: string[] } = {},
): Promise<LambdaBundle> {
  const outfile = join(outdir, 'index.mjs');
  const spec = {
    entry,
    outfile,
    external: options.external ?? [],
    // lambda-mcp from its sources, as everything in this repository runs (no build step).
    conditions: ['@lambda-mcp/source'],
  };
  const probe = await build({ ...lambdaBuildOptions(spec), write: false });
  const requireBanner = hasCommonJsInput(probe.metafile!);
  const result = await build(lambdaBuildOptions({ ...spec, requireBanner }));
  assertSelfContained(result.metafile!, options.external ?? []);
  const output = readFileSync(outfile);
  return { file: outfile, bytes: output.length, gzipBytes: gzipSync(output).length, requireBanner };
}

/**
 * A bundle that still imports a package or a native addon fails on Lambda at init. Packages
 * declared external may only be loaded where they are used (`await import(...)`, or a
 * `require` inside a function, as `pg` does for the optional `pg-native`), never by a
 * static import, which the bundler hoists to the top of the bundle.
 */
function assertSelfContained(metafile: Metafile, external: readonly string[]): void {
  const native = Object.keys(metafile.inputs).filter((path) => path.endsWith('.node'));
  if (native.length > 0) throw new Error(`native addons in the bundle: ${native.join(', ')}`);
  const declared = (path: string) =>
    external.some((pattern) =>
      pattern.endsWith('/*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern,
    );
  for (const output of Object.values(metafile.outputs)) {
    const leftover = output.imports
      .filter((i) => i.external && !BUILTINS.has(i.path))
      .filter((i) => !(declared(i.path) && (i.kind === 'dynamic-import' || i.kind === 'require-call')))
      .map((i) => `${i.path} (${i.kind})`);
    if (leftover.length > 0) throw new Error(`the bundle imports unbundled modules: ${leftover.join(', ')}`);
  }
}
