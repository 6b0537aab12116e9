import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The versions a new project depends on: those of the framework and CLI that created it. */
export interface FrameworkVersions {
  framework: string;
  cli: string;
}

const versionIn = (manifest: string) =>
  (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;

/**
 * Read from the installed packages' package.json, never written into the code: a project made
 * by @lambda-mcp/cli 0.3.1 asks for the lambda-mcp that CLI was installed with.
 */
export function frameworkVersions(): FrameworkVersions {
  const framework = createRequire(import.meta.url).resolve('lambda-mcp/package.json');
  return {
    framework: versionIn(framework),
    cli: versionIn(join(import.meta.dirname, '..', '..', 'package.json')),
  };
}
