import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
// The CLI's options (`lambda-mcp build`): the one place the repository's esbuild options live.
import { lambdaBuildOptions } from '../../packages/cli/src/build/esbuild-options.ts';

const HERE = import.meta.dirname;

/** Bundles one entry into a single minified ESM file for nodejs24.x (no native deps, arm64-neutral). */
export async function bundleEntry(entry: string, outfile: string): Promise<void> {
  await build({
    // lambda-mcp from the repository's sources (no build step); no source map: the
    // measured artifact is the code alone.
    ...lambdaBuildOptions({ entry, outfile, conditions: ['@lambda-mcp/source'], sourcemap: false }),
    logLevel: 'warning',
  });
}

// `node build.ts` writes dist/: the bundled server and run.sh, which template.yaml deploys.
if (import.meta.main) {
  const dist = join(HERE, 'dist');
  mkdirSync(dist, { recursive: true });
  await bundleEntry(join(HERE, 'src', 'main.ts'), join(dist, 'index.mjs'));
  copyFileSync(join(HERE, 'run.sh'), join(dist, 'run.sh'));
  console.log(`built ${join(dist, 'index.mjs')} and run.sh`);
}
