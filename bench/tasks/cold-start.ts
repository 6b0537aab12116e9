/**
 * Cold start of the tasks Lambda bundle: import + first `list_tasks`, in fresh processes.
 * Side by side in one run, the samples of every row interleaved (one process per row in
 * turn) so that load drifting during the run biases no row:
 * - the entry as shipped (`src/handler.ts`, `pg`), on postgres.js (`postgres-js-handler.ts`),
 *   and with the connection and the migrations check started during init
 *   (`connect-at-init-handler.ts`), each on Postgres over plain TCP and over TLS (as a managed
 *   database requires it; `sslmode=no-verify`, a self-signed certificate);
 * - the shipped entry built as `lambda-mcp build --code-cache` does (CommonJS + a V8 code
 *   cache recorded with the default training), on Postgres; once more trained with a
 *   `list_tasks` (`--train-tool list_tasks`), and the same with the connection started
 *   during init without being awaited (`connect-unawaited-handler.ts`);
 * - the server and zod imported on the first invocation (`lazy-handler.ts`), on Postgres;
 * - the shipped entry on PGlite in a temp dir;
 * - zod alone, to show its share.
 *
 * Bundles are built as `npm run bundle` ships them (`lambda-mcp build`'s esbuild options: one
 * minified ESM file for node24), so a package's Node built-ins load where the bundler hoists
 * them: at the top of the file, at init. PGlite and the AWS SDK stay external (PGlite reads
 * its WASM next to its own files; Lambda ships the AWS SDK), so the output goes under
 * node_modules/.cache where they resolve.
 *
 * Usage: node bench/tasks/cold-start.ts [runs=15]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgresCluster } from '../../examples/tasks/test/postgres-cluster.ts';
import { httpApiEvent } from '../../packages/server/src/testing/lambda-events.ts';
import { bundleLambda, type LambdaBundle } from '../../test/lambda/ric/bundle-lambda.ts';
import { codeCacheBundle } from '../lambda/bundle.ts';
import { runProbe } from '../probe-output.ts';
import { fixed, markdownTable, median } from '../stats.ts';
import { toolArguments, toolsCall } from './tasks-requests.ts';

const [runs = '15'] = process.argv.slice(2);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const outRoot = here('../../node_modules/.cache/bench-tasks');

const ENTRIES = {
  'as shipped (pg)': here('../../examples/tasks/src/handler.ts'),
  'on postgres.js': here('./postgres-js-handler.ts'),
  'as shipped, build --code-cache (pg)': here('../../examples/tasks/src/handler.ts'),
  'as shipped, build --code-cache --train-tool list_tasks (pg)': here('../../examples/tasks/src/handler.ts'),
  'connection opened during init (pg)': here('./connect-at-init-handler.ts'),
  'connection started during init, not awaited, build --code-cache --train-tool list_tasks (pg)': here(
    './connect-unawaited-handler.ts',
  ),
  'lazy (server + zod on first invocation, pg)': here('./lazy-handler.ts'),
  "zod alone, import { z } from 'zod' (+ one parse)": here('./zod-named-import.ts'),
  "zod alone, import * as z from 'zod' (+ one parse)": here('./zod-namespace-import.ts'),
  "zod alone, import * as z from 'zod/mini' (+ one parse)": here('./zod-mini.ts'),
} as const;
type EntryName = keyof typeof ENTRIES;

interface ColdStart {
  importMs: number;
  firstCallMs: number;
  totalMs: number;
}

function probe(bundle: LambdaBundle, env: NodeJS.ProcessEnv, projectId: number): Promise<ColdStart>;
function probe(
  bundle: LambdaBundle,
  env: NodeJS.ProcessEnv,
  projectId: 'seed',
): Promise<{ projectId: number }>;
function probe(bundle: LambdaBundle, env: NodeJS.ProcessEnv, projectId: number | 'seed'): Promise<unknown> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    // With the V8 flag the Lambda runtime starts Node with (a code cache is recorded under it).
    return runProbe(here('./cold-start-probe.ts'), [bundle.file, String(projectId)], ['--expose-gc']);
  } finally {
    for (const name of Object.keys(env)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

const EXTERNAL = ['@electric-sql/pglite', '@aws-sdk/*', 'pg-native'];
const built = new Map<EntryName, LambdaBundle>();
const outdirOf = (name: EntryName) => join(outRoot, name.replace(/[^a-z]+/gi, '-'));
for (const [name, entry] of Object.entries(ENTRIES) as [EntryName, string][]) {
  // Trained with a list_tasks, it needs the database: built once Postgres is up, below.
  if (name.includes('--train-tool')) continue;
  const outdir = outdirOf(name);
  built.set(
    name,
    name.includes('--code-cache')
      ? await codeCacheBuild(entry, outdir)
      : await bundleLambda(entry, outdir, { external: EXTERNAL }),
  );
}

/** What `lambda-mcp build --code-cache` writes: its default training, plus `extra` events (`--train-tool`). */
async function codeCacheBuild(entry: string, outdir: string, extra: unknown[] = []): Promise<LambdaBundle> {
  const bundle = await codeCacheBundle(entry, outdir, {
    external: EXTERNAL,
    conditions: ['@lambda-mcp/source'],
    events: extra,
  });
  if (bundle.statuses.some((status) => status !== 200 && status !== 400)) {
    throw new Error(`training ${outdir} answered ${bundle.statuses.join(', ')}`);
  }
  return {
    file: bundle.file,
    bytes: bundle.minifiedBytes,
    gzipBytes: bundle.gzipBytes,
    requireBanner: false,
  };
}

// One server for both transports: with ssl=on it accepts plain and TLS connections.
const cluster = await startPostgresCluster({ tls: true });
const pgliteDir = mkdtempSync(join(tmpdir(), 'bench-tasks-cold-'));
const DATABASES = {
  Postgres: { DATABASE_URL: cluster.url },
  'Postgres over TLS': { DATABASE_URL: `${cluster.url}?sslmode=no-verify` },
  'PGlite (temp dir)': { DATABASE_URL: '', TASKS_DATA_DIR: pgliteDir },
  '-': {},
} as const;
type Database = keyof typeof DATABASES;

const ROWS: readonly [EntryName, Database][] = [
  ['as shipped (pg)', 'Postgres'],
  ['on postgres.js', 'Postgres'],
  ['as shipped, build --code-cache (pg)', 'Postgres'],
  ['as shipped, build --code-cache --train-tool list_tasks (pg)', 'Postgres'],
  ['connection opened during init (pg)', 'Postgres'],
  [
    'connection started during init, not awaited, build --code-cache --train-tool list_tasks (pg)',
    'Postgres',
  ],
  ['as shipped (pg)', 'Postgres over TLS'],
  ['on postgres.js', 'Postgres over TLS'],
  ['connection opened during init (pg)', 'Postgres over TLS'],
  ['lazy (server + zod on first invocation, pg)', 'Postgres'],
  ['as shipped (pg)', 'PGlite (temp dir)'],
  ["zod alone, import { z } from 'zod' (+ one parse)", '-'],
  ["zod alone, import * as z from 'zod' (+ one parse)", '-'],
  ["zod alone, import * as z from 'zod/mini' (+ one parse)", '-'],
];

const samples = ROWS.map((): ColdStart[] => []);
const loadAtStart = load();
try {
  // The first run on each database applies the migrations and creates the project every
  // timed list_tasks reads (one the workspace does not have is a NOT_FOUND): a warm-up, not a sample.
  const shipped = built.get('as shipped (pg)')!;
  const projectIds: Record<Database, number> = {
    Postgres: (await probe(shipped, DATABASES.Postgres, 'seed')).projectId,
    'Postgres over TLS': 0,
    'PGlite (temp dir)': (await probe(shipped, DATABASES['PGlite (temp dir)'], 'seed')).projectId,
    '-': 0,
  };
  projectIds['Postgres over TLS'] = projectIds.Postgres;
  // `--train-tool list_tasks`: the recording runs a list_tasks against this Postgres.
  process.env.DATABASE_URL = cluster.url;
  try {
    const listTasks = httpApiEvent(
      toolsCall('list_tasks', toolArguments('list_tasks', [projectIds.Postgres], 0), 1),
    );
    for (const trained of Object.keys(ENTRIES) as EntryName[]) {
      if (trained.includes('--train-tool'))
        built.set(trained, await codeCacheBuild(ENTRIES[trained], outdirOf(trained), [listTasks]));
    }
  } finally {
    delete process.env.DATABASE_URL;
  }
  for (let run = 0; run < Number(runs); run++) {
    process.stderr.write(`[bench tasks] cold start: round ${run + 1} of ${runs} (load ${load()})\n`);
    for (const [i, [entry, database]] of ROWS.entries()) {
      samples[i]!.push(await probe(built.get(entry)!, DATABASES[database], projectIds[database]));
    }
  }
} finally {
  await cluster.destroy();
  rmSync(pgliteDir, { recursive: true, force: true });
}

const rows = ROWS.map(([entry, database], i) => [
  entry,
  database,
  ...(['importMs', 'firstCallMs', 'totalMs'] as const).map((field) =>
    fixed(median(samples[i]!.map((sample) => sample[field])), 1),
  ),
]);
const sizes = [...built].map(
  ([name, bundle]) =>
    `- ${name}: ${fixed(bundle.bytes / 1024, 1)} KB minified (${fixed(bundle.gzipBytes / 1024, 1)} KB gzip)`,
);
process.stdout.write(
  `${markdownTable(['entry', 'database', 'import ms', 'first list_tasks ms', 'total ms'], rows)}\n\n` +
    `Median of ${runs} fresh processes per row, rows interleaved; Node ${process.version}; ` +
    `load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${load()} at the end.\n\n` +
    `${sizes.join('\n')}\n`,
);
