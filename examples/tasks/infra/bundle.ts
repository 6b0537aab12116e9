/**
 * `npm run bundle [-- <outDir>]`: the three Lambda bundles the deployments use, each made by
 * `lambda-mcp build <entry> --out dist/<name> --external '@aws-sdk/*' --external @electric-sql/pglite --external pg-native`.
 * The AWS SDK comes with the Lambda runtime; PGlite and pg-native are never loaded on Lambda
 * (the database is Postgres through DATABASE_SECRET_ARN). In this repository the CLI and
 * lambda-mcp run from their sources, hence the condition; an installed CLI needs none.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const TASKS = join(import.meta.dirname, '..');
const CLI = join(TASKS, '..', '..', 'packages', 'cli', 'src', 'main.ts');
const EXTERNAL = ['@aws-sdk/*', '@electric-sql/pglite', 'pg-native'];

/** Output directory under dist/ -> Lambda entry. */
export const BUNDLES = {
  server: 'src/handler.ts',
  authorizer: 'src/authorizer.ts',
  streaming: 'src/streaming-handler.ts',
} as const;

/** Builds every bundle into `outDir`; `quiet` keeps the size reports out of a test's output. */
export function bundleAll(outDir: string = join(TASKS, 'dist'), quiet = false): void {
  for (const [name, entry] of Object.entries(BUNDLES)) {
    const args = ['--conditions=@lambda-mcp/source', CLI, 'build', entry, '--out', join(outDir, name)];
    for (const pkg of EXTERNAL) args.push('--external', pkg);
    // Its size report goes to stderr: `cdk synth` prints the template on stdout.
    execFileSync(process.execPath, args, {
      cwd: TASKS,
      stdio: ['ignore', quiet ? 'pipe' : 2, quiet ? 'pipe' : 2],
    });
  }
}

// `node infra/bundle.ts [outDir]`: Serverless packages only files under its service
// directory, so its bundles go to deploy/serverless/dist.
if (import.meta.main)
  bundleAll(process.argv[2] === undefined ? undefined : join(process.cwd(), process.argv[2]));
