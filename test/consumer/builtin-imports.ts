import { builtinModules } from 'node:module';
import { build } from 'esbuild';

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

export interface EntryImports {
  /** The file the specifier resolved to, relative to the project. */
  entry: string;
  /** Every Node built-in module it would import (`node:fs`, or `fs`), with the importing file. */
  builtins: string[];
}

/**
 * Resolves `specifier` as a plain (condition-free) ESM import from `projectDir` and lists
 * the Node built-ins its import graph reaches. esbuild reads the graph from the code
 * (comments and strings do not count) and records every import it meets, including ones
 * tree shaking would drop: Workers, Deno and Bun load the built files unbundled.
 */
export async function builtinImportsOf(specifier: string, projectDir: string): Promise<EntryImports> {
  const result = await build({
    stdin: { contents: `export * from '${specifier}';`, resolveDir: projectDir, loader: 'js' },
    absWorkingDir: projectDir,
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: [...BUILTINS],
  });
  const builtins: string[] = [];
  let entry = '';
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    for (const record of input.imports) {
      if (file === '<stdin>') entry = record.path;
      else if (BUILTINS.has(record.path)) builtins.push(`${record.path} (from ${file})`);
    }
  }
  return { entry, builtins: builtins.sort() };
}
