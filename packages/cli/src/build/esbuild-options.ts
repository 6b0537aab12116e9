import type { BuildOptions, Metafile } from 'esbuild';

/** The Lambda runtime the bundle is built for, and esbuild's matching target. */
export const LAMBDA_RUNTIME = 'nodejs24.x';
export const LAMBDA_NODE_TARGET = 'node24';
export const LAMBDA_NODE_MAJOR = '24';

/**
 * esbuild's ESM output turns a CommonJS dependency's `require('x')` into a shim that throws
 * "Dynamic require is not supported" unless a real `require` is in scope: this banner puts
 * one there. Only bundles with a CommonJS input need it (`hasCommonJsInput`).
 */
export const REQUIRE_BANNER =
  "import{createRequire as __lambdaMcpCreateRequire}from'node:module';const require=__lambdaMcpCreateRequire(import.meta.url);";

/**
 * A CommonJS bundle has no `import.meta`, and a script compiled by `vm.Script` no module
 * loader for `import()`: `import()` becomes `require()`, and `import.meta.url`, `.filename`
 * and `.dirname` name the bundle file, as in the ESM build.
 */
const COMMONJS_OPTIONS: BuildOptions = {
  supported: { 'dynamic-import': false },
  banner: { js: "var __lambdaMcpImportMetaUrl=require('node:url').pathToFileURL(__filename).href;" },
  define: {
    'import.meta.url': '__lambdaMcpImportMetaUrl',
    'import.meta.filename': '__filename',
    'import.meta.dirname': '__dirname',
  },
};

/** What varies between Lambda bundles; everything else is fixed by `lambdaBuildOptions`. */
export interface LambdaBundleSpec {
  entry: string;
  /** The single output file, e.g. `dist/index.mjs` (`.mjs`: ESM without a package.json beside it). */
  outfile: string;
  /** Packages left out of the bundle (`@aws-sdk/*`, which the runtime provides; `pkg/*` patterns). */
  external?: readonly string[];
  /** Package export conditions to honour before esbuild's default `module`. */
  conditions?: readonly string[];
  /** Add `REQUIRE_BANNER`: needed when a CommonJS dependency is bundled. */
  requireBanner?: boolean;
  /** Write `<outfile>.map` (default true): stack traces with `NODE_OPTIONS=--enable-source-maps`. */
  sourcemap?: boolean;
  /**
   * `esm` (default), or `cjs` for the code-cache layout (`vm.Script` compiles scripts, not
   * modules): there `import()` becomes `require()`, since a script has no module loader.
   */
  format?: 'esm' | 'cjs';
}

/**
 * The one place the esbuild options for a Lambda bundle live: one minified, tree-shaken ESM
 * file for `nodejs24.x`, plain JavaScript with no native addon, so it runs on arm64 and x86_64.
 *
 * @example
 * await build(lambdaBuildOptions({ entry: 'src/handler.ts', outfile: 'dist/index.mjs' }));
 */
export function lambdaBuildOptions(spec: LambdaBundleSpec): BuildOptions {
  return {
    entryPoints: [spec.entry],
    outfile: spec.outfile,
    bundle: true,
    platform: 'node',
    target: LAMBDA_NODE_TARGET,
    format: spec.format ?? 'esm',
    ...(spec.format === 'cjs' ? COMMONJS_OPTIONS : {}),
    minify: true,
    treeShaking: true,
    // Prefer the ESM build of dual packages: it tree-shakes, the CommonJS build does not.
    mainFields: ['module', 'main'],
    // `module` is esbuild's default condition, which naming any custom one would drop.
    conditions: [...(spec.conditions ?? []), 'module'],
    external: [...(spec.external ?? [])],
    sourcemap: spec.sourcemap !== false,
    // The map serves stack traces; the sources themselves would only make the artifact larger.
    sourcesContent: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    ...(spec.requireBanner ? { banner: { js: REQUIRE_BANNER } } : {}),
  };
}

/** True when the bundle contains a CommonJS module, which then needs `REQUIRE_BANNER`. */
export function hasCommonJsInput(metafile: Metafile): boolean {
  return Object.values(metafile.inputs).some((input) => input.format === 'cjs');
}
