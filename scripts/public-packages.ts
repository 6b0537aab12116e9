import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A package under packages/ that is published to npm. */
export interface PublicPackage {
  name: string;
  dir: string;
  /** The `exports` keys, `.` first: the subpaths users import. */
  subpaths: string[];
  exports: Record<string, unknown>;
  peerDependencies: Record<string, string>;
}

export const REPO_ROOT = join(import.meta.dirname, '..');

/**
 * Every package under packages/ not marked `"private": true`: the build, the package checks
 * and the consumer test all take their list from here, so a new public package is covered
 * without naming it anywhere.
 */
export function publicPackages(): PublicPackage[] {
  const root = join(REPO_ROOT, 'packages');
  const packages: PublicPackage[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const manifestPath = join(root, entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      name: string;
      private?: boolean;
      exports?: Record<string, unknown>;
      peerDependencies?: Record<string, string>;
    };
    if (manifest.private === true) continue;
    const exports = manifest.exports ?? {};
    packages.push({
      name: manifest.name,
      dir: join(root, entry.name),
      subpaths: Object.keys(exports).filter((key) => !key.endsWith('.json')),
      exports,
      peerDependencies: manifest.peerDependencies ?? {},
    });
  }
  return packages;
}
