import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { hasCommonJsInput, type LambdaBundleSpec, lambdaBuildOptions } from './esbuild-options.ts';

export interface LambdaBundle {
  file: string;
  bytes: number;
  gzipBytes: number;
  sourcemap: string | undefined;
  requireBanner: boolean;
  metafile: Metafile;
  /** esbuild's warnings, as text. */
  warnings: string[];
}

/**
 * Builds and writes a Lambda bundle. The first build is kept in memory: only when it turns
 * out to contain a CommonJS module is it built again with the `require` banner.
 */
export async function bundleForLambda(spec: LambdaBundleSpec): Promise<LambdaBundle> {
  let result = await build({ ...lambdaBuildOptions(spec), write: false });
  // A CommonJS bundle has its own `require`.
  const requireBanner = spec.format !== 'cjs' && hasCommonJsInput(result.metafile!);
  if (requireBanner)
    result = await build({ ...lambdaBuildOptions({ ...spec, requireBanner }), write: false });
  let code: Uint8Array = new Uint8Array();
  let sourcemap: string | undefined;
  for (const output of result.outputFiles!) {
    mkdirSync(dirname(output.path), { recursive: true });
    writeFileSync(output.path, output.contents);
    if (output.path.endsWith('.map')) sourcemap = output.path;
    else code = output.contents;
  }
  return {
    file: result.outputFiles!.find((output) => !output.path.endsWith('.map'))!.path,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    sourcemap,
    requireBanner,
    metafile: result.metafile!,
    warnings: result.warnings.map((warning) => warning.text),
  };
}
