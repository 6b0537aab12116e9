import { cpSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import type { FrameworkVersions } from './framework-versions.ts';
import { type TemplateName, templateDir } from './templates.ts';

/** Written as `gitignore` in the template: npm leaves `.gitignore` files out of a tarball. */
const RENAMED = { gitignore: '.gitignore' };
// node_modules and dist are left behind when someone tries a template inside this repository;
// a .gitignore there would be copied from the repository but not from the npm tarball.
const SKIPPED = new Set(['node_modules', 'dist', '.gitignore']);
const PLACEHOLDER = /__[A-Z][A-Z_]*__/g;

/** What a template needs beyond its files: generated files, placeholder values, dependencies. */
export interface ProjectCustomization {
  /** Written into the project, by path relative to it. */
  files: Record<string, string>;
  /** `__NAME__` -> its value, in every file of the project. */
  placeholders: Record<string, string>;
  dependencies: Record<string, string>;
}

interface PackageManifest {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/**
 * Copies the whole template directory into `dir` (every file, deploy files included), then
 * makes it this project's: the package name, the framework and CLI versions, the placeholders
 * (`__PROJECT_NAME__` in the README title, deploy names...), what the template generated.
 */
export function createProject(
  dir: string,
  template: TemplateName,
  versions: FrameworkVersions,
  customization: ProjectCustomization = { files: {}, placeholders: {}, dependencies: {} },
): string {
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
  const placeholders: Record<string, string> = {
    ...customization.placeholders,
    __PROJECT_NAME__: name,
    __STACK_NAME__: stackName(name),
    __SERVICE_NAME__: serviceName(name),
  };
  for (const file of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!file.isFile()) continue;
    const path = join(file.parentPath, file.name);
    const text = readFileSync(path, 'utf8');
    const filled = text.replace(PLACEHOLDER, (placeholder) => placeholders[placeholder] ?? placeholder);
    if (filled !== text) writeFileSync(path, filled);
  }
  for (const [file, content] of Object.entries(customization.files)) writeFileSync(join(dir, file), content);
  const manifestPath = join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PackageManifest;
  manifest.name = name;
  manifest.dependencies = sorted({
    ...manifest.dependencies,
    ...customization.dependencies,
    'lambda-mcp': `^${versions.framework}`,
  });
  manifest.devDependencies = sorted({ ...manifest.devDependencies, '@lambda-mcp/cli': `^${versions.cli}` });
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return name;
}

/**
 * A valid npm package name from a folder name: lower case, letters without their accents,
 * URL-safe characters only (not `~`, which npm no longer takes in a new name).
 */
export function packageName(folder: string): string {
  const name = folder
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return name === '' ? 'mcp-server' : name;
}

/** A CloudFormation stack name (letters, digits, hyphens; a letter first) from the package name. */
function stackName(name: string): string {
  const words = name.split(/[^a-z0-9]+/).filter((word) => word !== '');
  const joined = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return /^[A-Za-z]/.test(joined) ? joined : `Mcp${joined}`;
}

/**
 * A Serverless Framework service and resource-name prefix (letters, digits, hyphens; a letter
 * first) from the package name: each project deploys under its own name, not the template's.
 */
export function serviceName(name: string): string {
  const hyphenated = name
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  const lettered = /^[a-z]/.test(hyphenated) ? hyphenated : `mcp-${hyphenated}`;
  // At most 32 characters: the names built from it must fit AWS's limits (an IAM role
  // name_prefix 38, `<service>-<stage>-<region>-lambdaRole` 64).
  return lettered.slice(0, SERVICE_NAME_MAX).replace(/-+$/, '');
}

const SERVICE_NAME_MAX = 32;

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
