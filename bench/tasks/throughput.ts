/**
 * Throughput and latency of the tasks server's create_task and list_tasks under load:
 * 50 concurrent clients, 10,000 requests per operation, against PGlite and a real Postgres,
 * through three hosts:
 *
 * - lambda: the tasks Lambda handler (`examples/tasks/src/handler.ts`) fed HTTP API events
 *   by a loopback front (`serveLambdaHandler`), request logs and EMF metrics on, as deployed;
 * - node:   the same server on the node adapter (`examples/tasks/src/main.ts`, `npm start`);
 * - floor:  the same SQL behind a bare node:http server (no MCP, no validation, no logs).
 *
 * Every repeat starts each host in a fresh process on a fresh database, seeds 50 projects,
 * runs create_task (which also fills the table list_tasks then reads), then list_tasks,
 * each from its own load-generator process. Medians across repeats.
 *
 * Usage: node bench/tasks/throughput.ts [requests=10000] [clients=50] [repeats=3] [pool=10] [warmup=500]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type PostgresCluster, startPostgresCluster } from '../../examples/tasks/test/postgres-cluster.ts';
import { runProbe } from '../probe-output.ts';
import { fixed, markdownTable, median } from '../stats.ts';
import { READY_MARKER } from './host-ready.ts';
import { OPERATIONS, type Operation, structuredResult, toolsCall } from './tasks-requests.ts';

const [requests = '10000', clients = '50', repeats = '3', pool = '10', warmup = '500'] =
  process.argv.slice(2);

/** Tasks are spread over this many projects (~210 each after the create phase). */
const PROJECTS = 50;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const HOSTS = {
  lambda: { script: here('./lambda-host.ts'), ready: READY_MARKER },
  node: { script: here('../../examples/tasks/src/main.ts'), ready: 'Tasks MCP server on ' },
  floor: { script: here('./floor-host.ts'), ready: READY_MARKER },
} as const;
type HostName = keyof typeof HOSTS;
type Database = 'PGlite' | 'Postgres';

interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const log = (line: string) => process.stderr.write(`[bench tasks] ${line}\n`);

/** Starts a host and resolves with its endpoint once it has printed it; stdout is drained after. */
function startHost(name: HostName, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const host = HOSTS[name];
  const child = spawn(process.execPath, [host.script], {
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: string) => {
      seen = (seen + chunk).slice(-100_000);
      const line = seen.split('\n').find((candidate) => candidate.startsWith(host.ready));
      if (!line) return;
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve({ child, url: line.slice(host.ready.length).trim() });
    };
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`host ${name} exited ${code} before it was ready: ${stderr}`)),
    );
  });
}

function stopHost(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function createProject(url: string, name: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    ...toolsCall('create_project', { name, description: 'bench/tasks' }, 1),
  });
  const project = structuredResult(response.status, await response.text(), 'create_project');
  return project.id as number;
}

async function freshDatabase(database: Database, cluster: PostgresCluster, n: number) {
  if (database === 'PGlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-tasks-pglite-'));
    return {
      env: { TASKS_DATA_DIR: dir, DATABASE_URL: '' },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `bench_${process.pid}_${n}`;
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = cluster.url.replace(/\/postgres$/, `/${name}`);
  return {
    env: { DATABASE_URL: url, DB_POOL_SIZE: pool },
    drop: async () => {
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      await client.query(`DROP DATABASE ${name}`);
      await client.end();
    },
  };
}

const results = new Map<string, LoadResult[]>();
const key = (database: Database, host: HostName, operation: Operation) => `${database}|${host}|${operation}`;

const cluster = await startPostgresCluster();
try {
  let n = 0;
  for (let repeat = 1; repeat <= Number(repeats); repeat++) {
    for (const database of ['PGlite', 'Postgres'] as const) {
      for (const host of Object.keys(HOSTS) as HostName[]) {
        const db = await freshDatabase(database, cluster, ++n);
        const { child, url } = await startHost(host, db.env);
        try {
          const projectIds: number[] = [];
          for (let p = 1; p <= PROJECTS; p++) projectIds.push(await createProject(url, `Bench ${n}.${p}`));
          for (const operation of OPERATIONS) {
            log(
              `repeat ${repeat}: ${database} ${host} ${operation} (load ${loadavg()
                .map((l) => l.toFixed(2))
                .join(' / ')})`,
            );
            const result = await runProbe<LoadResult>(here('./load-probe.ts'), [
              url,
              operation,
              requests,
              clients,
              warmup,
              projectIds.join(','),
            ]);
            results.set(key(database, host, operation), [
              ...(results.get(key(database, host, operation)) ?? []),
              result,
            ]);
          }
        } finally {
          await stopHost(child);
          await db.drop();
        }
      }
    }
  }
} finally {
  await cluster.destroy();
}

const rows: string[][] = [];
for (const database of ['PGlite', 'Postgres'] as const) {
  for (const host of Object.keys(HOSTS) as HostName[]) {
    const cells: string[] = [database, host];
    for (const operation of OPERATIONS) {
      const runs = results.get(key(database, host, operation)) ?? [];
      cells.push(
        fixed(median(runs.map((r) => r.requestsPerSecond)), 0),
        fixed(median(runs.map((r) => r.p50Ms))),
        fixed(median(runs.map((r) => r.p99Ms))),
      );
    }
    rows.push(cells);
  }
}
process.stdout.write(
  `${markdownTable(
    [
      'database',
      'host',
      'create_task req/s',
      'create_task p50 ms',
      'create_task p99 ms',
      'list_tasks req/s',
      'list_tasks p50 ms',
      'list_tasks p99 ms',
    ],
    rows,
  )}\n\n${requests} requests per operation from ${clients} concurrent clients after ${warmup} warm-up requests; ` +
    `median of ${repeats} repeats, each host in a fresh process on a fresh database; Postgres pool ${pool} connections.\n`,
);
