import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const HERE = import.meta.dirname;

/** Bundles one entry into a single minified ESM file for nodejs24.x (no native deps, arm64-neutral). */
export async function bundleEntry(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    minify: true,
    mainFields: ['module', 'main'],
    // lambda-mcp from the repository's sources (no build step); `module` is esbuild's
    // default condition, which a custom one would otherwise replace.
    conditions: ['@lambda-mcp/source', 'module'],
    legalComments: 'none',
    outfile,
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
