import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface Bundle {
  file: string;
  minifiedBytes: number;
  gzipBytes: number;
}

/** Some SDK dependencies are CommonJS that call `require`; an ESM bundle needs one defined. */
const REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);";

export function bundleDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'lambda-mcp-bench-'));
}

/**
 * Bundles a Lambda entry the way a deploy would: ESM, minified, for the nodejs24.x runtime.
 * No custom condition: lambda-mcp resolves to its published form (dist/), built beforehand.
 */
export async function bundleHandler(entry: string, outDir: string, name: string): Promise<Bundle> {
  const file = join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    legalComments: 'none',
    banner: { js: REQUIRE_SHIM },
    logLevel: 'error',
  });
  const code = await readFile(file);
  return { file, minifiedBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}
