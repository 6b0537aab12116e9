import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleAll } from '../../examples/tasks/infra/bundle.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const SOURCE = join(REPO_ROOT, 'examples', 'tasks', 'deploy', 'serverless');
export const SERVERLESS = join(REPO_ROOT, 'node_modules', '.bin', 'serverless');

/** Serverless Framework, offline: no telemetry, no notifications, and not the test's NODE_OPTIONS. */
export const SERVERLESS_ENV = {
  SLS_TELEMETRY_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
  NODE_OPTIONS: '',
};

/**
 * The task server's Serverless service in a temp directory of its own: serverless.yml and
 * its local plugin as committed, the bundles `lambda-mcp build` makes under dist/, and the
 * repository's node_modules linked in (for serverless-offline, and for the packages the
 * bundles leave external). Test files running side by side never share a directory.
 */
export function serverlessService(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tasks-sls-'));
  for (const file of ['serverless.yml', 'stage-throttle.cjs'])
    copyFileSync(join(SOURCE, file), join(dir, file));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  bundleAll(join(dir, 'dist'), true);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
