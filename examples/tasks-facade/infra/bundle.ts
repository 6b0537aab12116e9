/**
 * `npm run bundle [-- <outDir>]`: the two Lambda bundles every façade deployment (infra/,
 * deploy/sam, deploy/serverless, deploy/terraform) uses, each made by `lambda-mcp build`: the
 * façade (`src/handler.ts`, its tools.json inside) and the tasks REQUEST authorizer
 * (`examples/tasks/src/authorizer.ts`, checking keys in the task database). The AWS SDK
 * comes with the runtime; PGlite and pg-native are never loaded on Lambda.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const FACADE = join(import.meta.dirname, '..');
const CLI = join(FACADE, '..', '..', 'packages', 'cli', 'src', 'main.ts');
const EXTERNAL = ['@aws-sdk/*', '@electric-sql/pglite', 'pg-native'];

/** Output directory under dist/ -> Lambda entry, relative to the façade. */
export const BUNDLES = {
  facade: 'src/handler.ts',
  authorizer: '../tasks/src/authorizer.ts',
} as const;

/** Builds both bundles into `outDir`; `quiet` keeps the size reports out of a test's output. */
export function bundleAll(outDir: string = join(FACADE, 'dist'), quiet = false): void {
  for (const [name, entry] of Object.entries(BUNDLES)) {
    const args = ['--conditions=@lambda-mcp/source', CLI, 'build', entry, '--out', join(outDir, name)];
    for (const pkg of EXTERNAL) args.push('--external', pkg);
    execFileSync(process.execPath, args, {
      cwd: FACADE,
      stdio: ['ignore', quiet ? 'pipe' : 2, quiet ? 'pipe' : 2],
    });
  }
}

// `node infra/bundle.ts [outDir]`: Serverless packages only files under its service
// directory, so its bundles go to deploy/serverless/dist.
if (import.meta.main) bundleAll(process.argv[2] === undefined ? undefined : resolve(process.argv[2]));
