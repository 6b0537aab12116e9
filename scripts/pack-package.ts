import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm pack`s one package into `destination` and returns the tarball's path. The package's
 * `prepack` script builds dist/ first, so a tarball never carries a stale or hand-made build.
 * The tarball is found by listing a fresh directory: the build's output shares stdout with
 * `npm pack`'s own, so that output cannot be parsed.
 */
export function packPackage(packageDir: string, destination: string): string {
  const scratch = mkdtempSync(join(destination, '.pack-'));
  const result = spawnSync('npm', ['pack', '--pack-destination', scratch], {
    cwd: packageDir,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (result.status !== 0) {
    throw new Error(`npm pack failed in ${packageDir}:\n${result.stdout}\n${result.stderr}`);
  }
  const [tarball, ...others] = readdirSync(scratch).filter((file) => file.endsWith('.tgz'));
  if (!tarball || others.length > 0) throw new Error(`npm pack left ${readdirSync(scratch).join(', ')}`);
  const file = join(destination, tarball);
  renameSync(join(scratch, tarball), file);
  rmSync(scratch, { recursive: true, force: true });
  return file;
}
