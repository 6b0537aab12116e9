/**
 * Cold start of the tasks Lambda bundle: import + first `list_tasks`, in fresh processes,
 * for the entry as shipped (zod and the tool definitions imported at init) and for an entry
 * that imports them on the first invocation (`lazy-handler.ts`); on Postgres (the deployed
 * setup: `pg` connects and checks migrations on the first call) and on PGlite in a temp dir.
 * zod alone is bundled and imported too, to show its share.
 *
 * Bundles are built like a deploy would (esbuild, ESM, minified, node24, code splitting so
 * the lazily imported database drivers stay out of the init path). PGlite and the AWS SDK
 * stay external (PGlite reads its WASM next to its own files; Lambda ships the AWS SDK), so
 * the output goes under node_modules/.cache where they resolve.
 *
 * Usage: node bench/tasks/cold-start.ts [runs=15]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { startPostgresCluster } from '../../examples/tasks/test/postgres-cluster.ts';
import { runProbe } from '../probe-output.ts';
import { fixed, markdownTable, median } from '../stats.ts';

const [runs = '15'] = process.argv.slice(2);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const outRoot = here('../../node_modules/.cache/bench-tasks');

const ENTRIES = {
  'eager (as shipped)': here('../../examples/tasks/src/handler.ts'),
  'lazy (server + zod on first invocation)': here('./lazy-handler.ts'),
  "zod alone, import { z } from 'zod'": here('./zod-named-import.ts'),
  "zod alone, import * as z from 'zod'": here('./zod-namespace-import.ts'),
  "zod alone, import * as z from 'zod/mini'": here('./zod-mini.ts'),
} as const;
type EntryName = keyof typeof ENTRIES;

interface Built {
  file: string;
  /** Every chunk the entry can load, minified. */
  totalBytes: number;
  /** The entry chunk alone: what the init phase parses. */
  entryBytes: number;
  entryGzipBytes: number;
}

async function bundle(name: EntryName, entry: string): Promise<Built> {
  const outdir = join(outRoot, name.replace(/[^a-z]+/gi, '-'));
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { handler: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    legalComments: 'none',
    // The tasks example as this repository runs it, lambda-mcp from source (no build step).
    conditions: ['@lambda-mcp/source', 'module'],
    external: ['@electric-sql/pglite', '@aws-sdk/*', 'pg-native'],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  const file = join(outdir, 'handler.mjs');
  const code = readFileSync(file);
  const totalBytes = readdirSync(outdir).reduce((sum, chunk) => sum + statSync(join(outdir, chunk)).size, 0);
  return {
    file,
    totalBytes,
    entryBytes: code.byteLength,
    entryGzipBytes: gzipSync(code, { level: 9 }).byteLength,
  };
}

interface ColdStart {
  importMs: number;
  firstCallMs: number;
  totalMs: number;
}

async function measure(
  bundleFile: string,
  env: NodeJS.ProcessEnv,
  projectId: number,
  count = Number(runs),
): Promise<ColdStart[]> {
  const samples: ColdStart[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    for (let i = 0; i < count; i++) {
      samples.push(await runProbe<ColdStart>(here('./cold-start-probe.ts'), [bundleFile, String(projectId)]));
    }
  } finally {
    for (const name of Object.keys(env)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
  return samples;
}

const built = new Map<EntryName, Built>();
for (const [name, entry] of Object.entries(ENTRIES) as [EntryName, string][])
  built.set(name, await bundle(name, entry));

const cluster = await startPostgresCluster();
const pgliteDir = mkdtempSync(join(tmpdir(), 'bench-tasks-cold-'));
const rows: string[][] = [];
try {
  // The first run of each database applies the migrations; it is a warm-up, not a sample.
  const setups = [
    { database: 'Postgres', env: { DATABASE_URL: cluster.url } },
    { database: 'PGlite (temp dir)', env: { DATABASE_URL: '', TASKS_DATA_DIR: pgliteDir } },
  ];
  const eager = built.get('eager (as shipped)')!;
  for (const setup of setups) await measure(eager.file, setup.env, 0, 1);
  for (const setup of setups) {
    for (const name of ['eager (as shipped)', 'lazy (server + zod on first invocation)'] as const) {
      process.stderr.write(
        `[bench tasks] cold start: ${name}, ${setup.database}, ${runs} processes (load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' / ')})\n`,
      );
      const samples = await measure(built.get(name)!.file, setup.env, 1);
      rows.push([
        name,
        setup.database,
        fixed(median(samples.map((s) => s.importMs)), 1),
        fixed(median(samples.map((s) => s.firstCallMs)), 1),
        fixed(median(samples.map((s) => s.totalMs)), 1),
      ]);
    }
  }
  for (const name of Object.keys(ENTRIES).filter((entry) => entry.startsWith('zod')) as EntryName[]) {
    const zod = await measure(built.get(name)!.file, {}, 0);
    rows.push([
      `${name} (+ one parse)`,
      '-',
      fixed(median(zod.map((s) => s.importMs)), 1),
      fixed(median(zod.map((s) => s.firstCallMs)), 1),
      fixed(median(zod.map((s) => s.totalMs)), 1),
    ]);
  }
} finally {
  await cluster.destroy();
  rmSync(pgliteDir, { recursive: true, force: true });
}

const sizes = [...built].map(
  ([name, b]) =>
    `- ${name}: entry chunk ${fixed(b.entryBytes / 1024, 1)} KB minified (${fixed(b.entryGzipBytes / 1024, 1)} KB gzip), ${fixed(b.totalBytes / 1024, 1)} KB with its lazily loaded chunks`,
);
process.stdout.write(
  `${markdownTable(['entry', 'database', 'import ms', 'first list_tasks ms', 'total ms'], rows)}\n\n` +
    `Median of ${runs} fresh processes per row.\n\n${sizes.join('\n')}\n`,
);
