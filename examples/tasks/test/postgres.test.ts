import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { lifespan } from 'lambda-mcp';
import type { SqlDriver } from '../src/db/driver.ts';
import { MIGRATIONS } from '../src/db/migrations.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { apiKeyTests } from './api-keys.ts';
import { capturingLogger } from './capturing-logger.ts';
import { concurrencyTests } from './concurrency.ts';
import { jsonRpcError } from './json-rpc-error.ts';
import { type NamedPostgresClient, POSTGRES_CLIENTS } from './postgres-clients.ts';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.ts';
import { postgresDriverTests } from './postgres-driver.ts';
import { refusedInputTests } from './refused-input.ts';
import { resourceAndPromptTests } from './resources-and-prompts.ts';
import { makeKey, startRestApi } from './rest-harness.ts';
import { standupHistoryTests } from './standup-history.ts';
import { startTasksHarness, type TasksHarness } from './tasks-client.ts';
import { tenancyTests } from './tenancy.ts';
import { tenantKeyMigrationTests } from './tenant-key-migration.ts';
import { toolSurfaceTests } from './tool-surface.ts';

const UNAVAILABLE =
  'SERVICE_UNAVAILABLE: The task database is not reachable right now. Try again in a few seconds; retrying create_task with the same idempotency_key never creates a duplicate.';

// One cluster for the whole file: initdb is the slow part. Every suite runs once per client
// (`pg`, postgres.js), each on its own databases.
let cluster: PostgresCluster;
before(async () => {
  cluster = await startPostgresCluster();
});
after(async () => {
  await cluster?.destroy();
});

for (const named of POSTGRES_CLIENTS) suites(named);

function suites(named: NamedPostgresClient) {
  const { name, id, client } = named;
  postgresDriverTests(named, () => cluster);

  describe(`tasks server on a real Postgres server (${name})`, () => {
    let driver: SqlDriver;
    let harness: TasksHarness;
    before(async () => {
      // Five connections, so that concurrent calls really race inside Postgres.
      driver = await openDatabase({
        databaseUrl: await cluster.createDatabase(`tasks_${id}`),
        poolSize: 5,
        client,
      });
      harness = await startTasksHarness(driver);
    });
    after(async () => {
      await harness?.close();
      await driver?.close();
    });

    toolSurfaceTests(() => harness);
    resourceAndPromptTests(() => harness);
    standupHistoryTests(
      () => harness,
      () => driver,
    );
    concurrencyTests(() => harness);
    tenancyTests(() => harness);
    apiKeyTests(() => driver);
    tenantKeyMigrationTests(async () =>
      client({ connectionString: await cluster.createDatabase(`legacy_${id}`) }),
    );
    refusedInputTests(
      () => harness,
      () => driver,
    );

    it('never leaves a task assigned outside its project when a REST assignment races an MCP move', async () => {
      const api = await startRestApi(driver);
      try {
        const key = await makeKey(driver, 'rest-move-race', 'tasks:read,tasks:write');
        const call = (name: string, args: Record<string, unknown>) =>
          harness.call(name, args, 'rest-move-race');
        const from = (await call('create_project', { name: 'From' })).structured;
        const to = (await call('create_project', { name: 'To' })).structured;
        await call('add_member', { project_id: from.id, user_id: 'ada', display_name: 'Ada' });
        const broken: unknown[] = [];
        for (let i = 0; i < 20; i++) {
          const task = (await call('create_task', { title: `Race ${i}`, project_id: from.id })).structured;
          await Promise.all([
            call('update_task', { task_id: task.id, version: 1, project_id: to.id }),
            fetch(`${api.url}/tasks/${task.id}`, {
              method: 'PATCH',
              headers: { 'x-api-key': key, 'content-type': 'application/json' },
              body: JSON.stringify({ assignee_id: 'ada' }),
            }).then((response) => response.text()),
          ]);
          const now = (await call('get_task', { task_id: task.id })).structured;
          if (now.project_id === to.id && now.assignee_id === 'ada') broken.push(now.id);
        }
        assert.deepEqual(broken, []);
      } finally {
        await api.close();
      }
    });

    it('applies each migration once when many instances start at the same time on a new database', async () => {
      const url = await cluster.createDatabase(`burst_${id}`);
      const drivers = await Promise.all(
        Array.from({ length: 4 }, () => openDatabase({ databaseUrl: url, client })),
      );
      try {
        const { rows } = await drivers[0]!.query<{ version: number; count: number }>(
          'SELECT version, count(*) OVER () AS count FROM schema_migrations',
        );
        assert.deepEqual(
          rows,
          MIGRATIONS.map((m) => ({ version: m.version, count: MIGRATIONS.length })),
        );
      } finally {
        await Promise.all(drivers.map((d) => d.close()));
      }
    });
  });

  it(`pages list_tasks on a server whose time zone is not UTC, through dates before standard time (${name})`, async () => {
    // A server's TimeZone is often the host's (initdb copies it). There, Postgres prints an old
    // timestamp with its local mean time offset (-04:56:02) or as BC: the sort key in a cursor
    // must still be one the next page accepts.
    const database = `zoned_${id}`;
    const url = await cluster.createDatabase(database);
    const setup = await openDatabase({ databaseUrl: url, client });
    await setup.query(`ALTER DATABASE ${database} SET timezone = 'America/New_York'`);
    await setup.close();
    const zoned = await openDatabase({ databaseUrl: url, client });
    const harness = await startTasksHarness(zoned);
    try {
      const project = await harness.call('create_project', { name: 'History' });
      const dues = ['0001-01-01', '1800-01-01', '1800-01-02', '2026-12-01'];
      for (const due_date of dues) {
        const task = await harness.call('create_task', {
          title: due_date,
          project_id: project.structured.id,
          due_date,
        });
        assert.equal(task.isError, false, task.text);
      }
      const seen: unknown[] = [];
      let cursor: unknown;
      do {
        const page = await harness.call('list_tasks', {
          sort: 'due_asc',
          limit: 1,
          ...(cursor ? { cursor } : {}),
        });
        assert.equal(page.isError, false, page.text);
        seen.push(...(page.structured.tasks as { title: string }[]).map((task) => task.title));
        cursor = page.structured.next_cursor;
      } while (cursor);
      assert.deepEqual(seen, dues);
    } finally {
      await harness.close();
      await zoned.close();
    }
  });

  describe(`tasks server when Postgres goes away (${name})`, () => {
    let url: string;
    before(async () => {
      url = await cluster.createDatabase(`outage_${id}`);
    });
    it('answers SERVICE_UNAVAILABLE while the database is stopped and recovers when it is back, without a restart', async () => {
      const logger = capturingLogger();
      // The Lambda shape: one connection per environment, opened lazily by a lifespan.
      const db = lifespan(() => openDatabase({ databaseUrl: url, client }), {
        dispose: (d) => d.close(),
      });
      const harness = await startTasksHarness(db, { logger });
      try {
        const project = await harness.call('create_project', { name: 'Outage' }, 'outage');
        const task = await harness.call(
          'create_task',
          { title: 'Survive', project_id: project.structured.id },
          'outage',
        );
        assert.equal(task.isError, false, task.text);

        await cluster.stop();
        const during = await harness.call('get_task', { task_id: task.structured.id }, 'outage');
        assert.deepEqual(
          [during.isError, during.code, during.text],
          [true, 'SERVICE_UNAVAILABLE', UNAVAILABLE],
        );
        const write = await harness.call(
          'create_task',
          { title: 'Lost?', project_id: project.structured.id },
          'outage',
        );
        assert.equal(write.code, 'SERVICE_UNAVAILABLE');
        const logged = logger.lines.filter((line) => line.message === 'database unavailable');
        assert.ok(logged.length >= 2, 'the real error goes to the log');
        assert.ok(logged.every((line) => line.fields?.error instanceof Error));
        assert.doesNotMatch(during.text, /ECONNREFUSED|127\.0\.0\.1|terminat/);

        await cluster.start();
        const back = await harness.call('get_task', { task_id: task.structured.id }, 'outage');
        assert.deepEqual([back.isError, back.structured.title], [false, 'Survive']);
        const listed = await harness.call('list_tasks', { project_id: project.structured.id }, 'outage');
        assert.equal(listed.structured.total, 1, 'the write during the outage did not happen');
      } finally {
        await harness.close();
        await db.dispose();
      }
    });

    it('answers resources/list, completion, resource reads and prompts with the SERVICE_UNAVAILABLE message while the database is down', async () => {
      const db = lifespan(() => openDatabase({ databaseUrl: url, client }), {
        dispose: (d) => d.close(),
      });
      const harness = await startTasksHarness(db, { logger: capturingLogger() });
      try {
        const mcp = await harness.client('outage-rpc');
        await cluster.stop();
        const unavailable = [-32603, UNAVAILABLE, { code: 'SERVICE_UNAVAILABLE' }];
        assert.deepEqual(await jsonRpcError(mcp.listResources()), unavailable);
        for (const ref of [
          { type: 'ref/resource', uri: 'tasks://task/{id}' },
          { type: 'ref/resource', uri: 'tasks://project/{id}' },
        ] as const) {
          assert.deepEqual(
            await jsonRpcError(mcp.complete({ ref, argument: { name: 'id', value: '1' } })),
            unavailable,
          );
        }
        assert.deepEqual(
          await jsonRpcError(
            mcp.complete({
              ref: { type: 'ref/prompt', name: 'plan_sprint' },
              argument: { name: 'project_id', value: '1' },
            }),
          ),
          unavailable,
        );
        assert.deepEqual(await jsonRpcError(mcp.readResource({ uri: 'tasks://task/1' })), unavailable);
        assert.deepEqual(
          await jsonRpcError(mcp.getPrompt({ name: 'daily_standup', arguments: { project_id: '1' } })),
          unavailable,
        );
      } finally {
        await cluster.start();
        await harness.close();
        await db.dispose();
      }
    });

    it('answers SERVICE_UNAVAILABLE on a cold start with the database down, then opens it on a later call', async () => {
      const db = lifespan(() => openDatabase({ databaseUrl: url, client }), {
        dispose: (d) => d.close(),
      });
      const harness = await startTasksHarness(db, { logger: capturingLogger() });
      try {
        await cluster.stop();
        const cold = await harness.call('list_projects', {}, 'cold');
        assert.deepEqual([cold.code, cold.text], ['SERVICE_UNAVAILABLE', UNAVAILABLE]);
        assert.equal(db.ready, false);
        await cluster.start();
        const warm = await harness.call('list_projects', {}, 'cold');
        assert.deepEqual([warm.isError, warm.structured.projects], [false, []]);
      } finally {
        await harness.close();
        await db.dispose();
      }
    });
  });
}
