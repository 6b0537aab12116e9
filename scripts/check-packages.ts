/**
 * `npm run check:packages` (part of `npm test`): packs every public package and lints the
 * tarball, which is exactly what npm users receive: publint (package.json against the
 * files) and Are the Types Wrong (every subpath resolves to JavaScript and declarations
 * under node16/nodenext and bundler resolution; ESM only, so CommonJS `require` is out of
 * scope). Exits non-zero on any problem.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packPackage } from './pack-package.ts';
import { publicPackages, REPO_ROOT } from './public-packages.ts';

const bin = (name: string) => join(REPO_ROOT, 'node_modules', '.bin', name);

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status === 0;
}

/** Are the Types Wrong finds no problem; it exits 0 on a package with no types at all, which we count as one. */
function typesAreRight(tarball: string): boolean {
  const result = spawnSync(bin('attw'), [tarball, '--profile', 'esm-only', '--no-emoji', '--no-color'], {
    encoding: 'utf8',
  });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.status === 0 && !result.stdout.includes('does not contain types');
}

const dir = mkdtempSync(join(tmpdir(), 'lambda-mcp-check-'));
let failed = 0;
try {
  for (const pkg of publicPackages()) {
    const tarball = packPackage(pkg.dir, dir);
    if (!run(bin('publint'), ['run', tarball, '--strict'])) failed += 1;
    if (!typesAreRight(tarball)) failed += 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed > 0) {
  console.error(`${failed} package check(s) failed`);
  process.exit(1);
}
