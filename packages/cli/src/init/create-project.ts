import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import type { FrameworkVersions } from './framework-versions.ts';
import { type TemplateName, templateDir } from './templates.ts';

/** Written as `gitignore` in the template: npm leaves `.gitignore` files out of a tarball. */
const RENAMED = { gitignore: '.gitignore' };
// node_modules and dist are left behind when someone tries a template inside this repository;
// a .gitignore there would be copied from the repository but not from the npm tarball.
const SKIPPED = new Set(['node_modules', 'dist', '.gitignore']);
const NAME_PLACEHOLDER = '__PROJECT_NAME__';

interface PackageManifest {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/**
 * Copies the whole template directory into `dir` (every file, deploy files included), then
 * makes it this project's: the package name, the framework and CLI versions, the README title.
 */
export function createProject(dir: string, template: TemplateName, versions: FrameworkVersions): string {
  const source = templateDir(template);
  cpSync(source, dir, {
    recursive: true,
    filter: (path) =>
      !path
        .slice(source.length)
        .split(sep)
        .some((part) => SKIPPED.has(part)),
  });
  for (const [from, to] of Object.entries(RENAMED)) {
    try {
      renameSync(join(dir, from), join(dir, to));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const name = packageName(basename(dir));
  const manifestPath = join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PackageManifest;
  manifest.name = name;
  manifest.dependencies = sorted({ ...manifest.dependencies, 'lambda-mcp': `^${versions.framework}` });
  manifest.devDependencies = sorted({ ...manifest.devDependencies, '@lambda-mcp/cli': `^${versions.cli}` });
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const readme = join(dir, 'README.md');
  writeFileSync(readme, readFileSync(readme, 'utf8').replaceAll(NAME_PLACEHOLDER, name));
  return name;
}

/** A valid npm package name from a folder name: lower case, URL-safe characters only. */
export function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return name === '' ? 'mcp-server' : name;
}

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
