/**
 * `npm run build`: builds dist/ of every public package (what npm users install). The
 * repository itself runs from source through the `@lambda-mcp/source` condition and
 * needs no build; benchmarks and the package checks build before they look at dist/.
 */
import { spawnSync } from 'node:child_process';
import { publicPackages } from './public-packages.ts';

/** Builds every public package, or only those named in `only` (a benchmark builds what it bundles). */
export function buildPackages(only?: readonly string[]): void {
  for (const pkg of publicPackages()) {
    if (only && !only.includes(pkg.name)) continue;
    // Build output goes to stderr: the benchmarks print their report on stdout.
    const result = spawnSync('npm', ['run', 'build'], { cwd: pkg.dir, stdio: ['ignore', 2, 2] });
    if (result.status !== 0) throw new Error(`build of ${pkg.name} failed (exit ${result.status})`);
  }
}

if (import.meta.main) buildPackages();
