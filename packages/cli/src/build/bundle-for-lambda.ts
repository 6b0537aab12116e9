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

/** The entry does not export what Lambda will call: nothing was written. */
export class MissingExportError extends Error {
  /** What the entry does export. */
  readonly exports: string[];

  constructor(name: string, exports: string[]) {
    super(`the entry exports no ${name}`);
    this.name = 'MissingExportError';
    this.exports = exports;
  }
}

/**
 * Builds and writes a Lambda bundle. The first build is kept in memory: only when it turns
 * out to contain a CommonJS module is it built again with the `require` banner.
 * `requiredExport` (ESM only: esbuild lists no exports of a CommonJS bundle): a bundle that
 * exports other names but not it is a module built in place of its Lambda entry, and
 * `MissingExportError` is thrown before anything is written. A bundle that exports nothing
 * is a program (a server the Lambda Web Adapter starts, a script): built, with a warning.
 */
export async function bundleForLambda(
  spec: LambdaBundleSpec,
  requiredExport?: string,
): Promise<LambdaBundle> {
  let result = await build({ ...lambdaBuildOptions(spec), write: false });
  const exportWarnings: string[] = [];
  if (requiredExport !== undefined && spec.format !== 'cjs') {
    const exports = Object.values(result.metafile!.outputs).flatMap((output) => output.exports);
    if (exports.length === 0) {
      exportWarnings.push(
        `the entry exports nothing: the Node.js runtime calls index.${requiredExport}, so this bundle deploys only as a program that serves by itself (the Lambda Web Adapter)`,
      );
    } else if (!exports.includes(requiredExport)) {
      throw new MissingExportError(requiredExport, exports.sort());
    }
  }
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
    warnings: [...exportWarnings, ...result.warnings.map((warning) => warning.text)],
  };
}
