import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(REPO_ROOT, 'packages', 'cli', 'src', 'main.ts');

/**
 * Runs the real `lambda-mcp build` (the CLI from its sources, resolving lambda-mcp from its
 * sources as everything in this repository does) and returns the output directory: the
 * artifact every deploy template points at, `<outDir>/index.mjs` and its map.
 */
export async function lambdaMcpBuild(
  entry: string,
  outDir: string,
  options: { external?: readonly string[] } = {},
): Promise<string> {
  const args = ['--conditions=@lambda-mcp/source', CLI, 'build', entry, '--out', outDir, '--json'];
  for (const pkg of options.external ?? []) args.push('--external', pkg);
  await promisify(execFile)(process.execPath, args, { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
  return outDir;
}
