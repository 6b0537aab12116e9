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
  /** Every package this one names in dependencies, peerDependencies or devDependencies. */
  dependsOn: string[];
}

export const REPO_ROOT = join(import.meta.dirname, '..');

/**
 * Every package under packages/ not marked `"private": true`: the build, the package checks
 * and the consumer test all take their list from here, so a new public package is covered
 * without naming it anywhere. A package comes after the ones it depends on: its build
 * compiles against their dist/ (the CLI against lambda-mcp's declarations).
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
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    if (manifest.private === true) continue;
    const exports = manifest.exports ?? {};
    packages.push({
      name: manifest.name,
      dir: join(root, entry.name),
      subpaths: Object.keys(exports).filter((key) => !key.endsWith('.json')),
      exports,
      peerDependencies: manifest.peerDependencies ?? {},
      dependsOn: Object.keys({
        ...manifest.dependencies,
        ...manifest.peerDependencies,
        ...manifest.devDependencies,
      }),
    });
  }
  return inDependencyOrder(packages);
}

function inDependencyOrder(packages: PublicPackage[]): PublicPackage[] {
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const ordered: PublicPackage[] = [];
  const placed = new Set<string>();
  const place = (pkg: PublicPackage, path: readonly string[]) => {
    if (placed.has(pkg.name)) return;
    if (path.includes(pkg.name))
      throw new Error(`packages depend on each other: ${[...path, pkg.name].join(' -> ')}`);
    for (const name of pkg.dependsOn) {
      const dependency = byName.get(name);
      if (dependency) place(dependency, [...path, pkg.name]);
    }
    placed.add(pkg.name);
    ordered.push(pkg);
  };
  for (const pkg of packages) place(pkg, []);
  return ordered;
}
