import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile } from 'esbuild';

/** What a Lambda bundle weighs, as uploaded (minified) and as transferred (gzip). */
export interface LambdaBundle {
  /** Absolute path of the written `index.mjs`. */
  file: string;
  bytes: number;
  gzipBytes: number;
  /** True when a CommonJS dependency made the `createRequire` banner necessary. */
  requireBanner: boolean;
}

// esbuild's ESM output turns a CJS dependency's `require('x')` into a shim that throws
// "Dynamic require is not supported" unless a real `require` is in scope.
const REQUIRE_BANNER =
  "import{createRequire as __lambdaMcpCreateRequire}from'node:module';const require=__lambdaMcpCreateRequire(import.meta.url);";

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
  const base: BuildOptions = {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    minify: true,
    // Prefer the ESM build of dual packages: it tree-shakes, the CJS build does not.
    mainFields: ['module', 'main'],
    // lambda-mcp from its sources, as everything in this repository runs (no build step);
    // `module` is esbuild's default condition, which a custom one would otherwise replace.
    conditions: ['@lambda-mcp/source', 'module'],
    outfile,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    write: false,
    external: options.external ?? [],
  };
  const probe = await build(base);
  const requireBanner = hasCommonJsInput(probe.metafile!);
  const result = await build({
    ...base,
    write: true,
    ...(requireBanner ? { banner: { js: REQUIRE_BANNER } } : {}),
  });
  assertSelfContained(result.metafile!, options.external ?? []);
  const output = readFileSync(outfile);
  return { file: outfile, bytes: output.length, gzipBytes: gzipSync(output).length, requireBanner };
}

function hasCommonJsInput(metafile: Metafile): boolean {
  return Object.values(metafile.inputs).some((input) => input.format === 'cjs');
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
