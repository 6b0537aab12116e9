import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from 'lambda-mcp';
import { createHandler } from 'lambda-mcp/lambda';
import { httpApiEvent, lambdaContext, mcpRequest } from 'lambda-mcp/testing';
import { tasksAccess } from '../src/access/tasks-access.ts';
import type { SqlDriver } from '../src/db/driver.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { DeadlinePassedError } from '../src/db/statement-limits.ts';
import { createTasksServer } from '../src/server.ts';
import { POSTGRES_CLIENTS } from './postgres-clients.ts';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.ts';

// EMF metric lines would fill the test output.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

/**
 * A query that outlives the Lambda deadline: a trigger makes every insert of a task titled
 * "slow ..." sleep 3 s, and the invocation has 2 s. The framework aborts the handler 1 s
 * before the deadline; the tool must stop its statement and roll back, so that retrying
 * after TIMEOUT never makes a duplicate.
 */
const SLOW_INSERT = [
  `CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF NEW.title LIKE 'slow%' THEN PERFORM pg_sleep(3); END IF;
     RETURN NEW;
   END $$`,
  'CREATE TRIGGER slow_insert BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION slow_insert()',
];

interface ToolAnswer {
  isError: boolean;
  text: string;
  code: string | undefined;
  structured: Record<string, unknown>;
}

let invocation = 0;
/** One tools/call through the Lambda handler, as a Function URL event with `remainingMs` left. */
async function invoke(
  handler: ReturnType<typeof createHandler>,
  name: string,
  args: Record<string, unknown>,
  remainingMs = 30_000,
): Promise<ToolAnswer> {
  invocation += 1;
  const event = httpApiEvent(mcpRequest('tools/call', { name, arguments: args }, { id: invocation }));
  const reply = (await handler(event, lambdaContext({ remainingMs }))) as {
    statusCode: number;
    body: string;
  };
  assert.equal(reply.statusCode, 200, reply.body);
  const result = JSON.parse(reply.body).result;
  return {
    isError: result.isError === true,
    text: result.content.map((block: { text: string }) => block.text).join(''),
    code: result._meta?.['lambda-mcp/error']?.code,
    structured: result.structuredContent ?? {},
  };
}

/** The deadline tests for one driver; `settled` waits until no statement of the test is still running. */
function deadlineTests(
  open: () => Promise<SqlDriver>,
  expectedText: string,
  settled: (driver: SqlDriver) => Promise<void>,
) {
  let driver: SqlDriver;
  let handler: ReturnType<typeof createHandler>;
  let projectId: number;
  before(async () => {
    driver = await open();
    for (const statement of SLOW_INSERT) await driver.query(statement);
    handler = createHandler(
      createTasksServer({ db: { get: async () => driver }, logger: silentLogger }),
      // As deployed without an authorizer or TASKS_API_KEYS: anonymous, every tool.
      tasksAccess({}, { db: { get: async () => driver } }).options,
    );
    projectId = (await invoke(handler, 'create_project', { name: 'Deadlines' })).structured.id as number;
  });
  after(async () => {
    await driver?.close();
  });

  const slowTasks = async () =>
    Number(
      (await driver.query<{ n: number }>("SELECT count(*) AS n FROM tasks WHERE title = 'slow task'"))
        .rows[0]!.n,
    );

  it('answers TIMEOUT for an insert that outlives the deadline and leaves no row behind', async () => {
    const answer = await invoke(handler, 'create_task', { title: 'slow task', project_id: projectId }, 2_000);
    assert.deepEqual([answer.isError, answer.code, answer.text], [true, 'TIMEOUT', expectedText]);
    await settled(driver);
    assert.equal(await slowTasks(), 0);
  });

  it('rolls back a transaction whose deadline passes with no abort to stop it', async () => {
    // Postgres stops the statement itself (statement_timeout); PGlite finishes it, then refuses to commit.
    await assert.rejects(
      driver.transaction(
        async (tx) => {
          await tx.query("INSERT INTO projects (tenant_id, name) VALUES ('tenant:limits', 'Never')");
          await tx.query('SELECT pg_sleep(1.5)');
        },
        { deadline: Date.now() + 300 },
      ),
      DeadlinePassedError,
    );
    const { rows } = await driver.query("SELECT id FROM projects WHERE tenant_id = 'tenant:limits'");
    assert.deepEqual(rows, []);
  });

  it('creates the task on the next call with time to spare, on a connection that still works', async () => {
    const answer = await invoke(
      handler,
      'create_task',
      { title: 'quick task', project_id: projectId },
      2_000,
    );
    assert.deepEqual([answer.isError, answer.structured.title], [false, 'quick task']);
  });
}

// One server for the file; each client gets its own databases.
let cluster: PostgresCluster;
before(async () => {
  cluster = await startPostgresCluster();
});
after(async () => {
  await cluster?.destroy();
});

for (const { name, id, client } of POSTGRES_CLIENTS) {
  describe(`a query past the Lambda deadline on Postgres (${name})`, () => {
    deadlineTests(
      async () =>
        openDatabase({
          databaseUrl: await cluster.createDatabase(`deadline_${id}`),
          poolSize: 2,
          client,
        }),
      // The abort cancelled the statement and the handler confirmed it stopped.
      'TIMEOUT: Tool create_task did not finish before the request deadline and stopped without completing. Try a smaller request, or try again later.',
      // Waits until no insert is running: without the cancel, the sleeping insert would commit here.
      async (driver) => {
        for (;;) {
          const { rows } = await driver.query<{ n: number }>(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'INSERT INTO tasks%'",
          );
          if (Number(rows[0]!.n) === 0) return;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
    );
  });

  describe(`aborting a transaction on Postgres (${name})`, () => {
    let driver: SqlDriver;
    before(async () => {
      // Three connections: the lock holder, the blocked insert, and the test's own queries.
      driver = await openDatabase({
        databaseUrl: await cluster.createDatabase(`abort_${id}`),
        poolSize: 3,
        client,
      });
    });
    after(async () => {
      await driver?.close();
    });

    // A statement waiting on a lock never ends by itself: only the cancel request stops it
    // (the test would hang without it; node:test's timeout turns that into a failure).
    it('cancels the running statement on abort, rejects with the signal reason, and discards the connection', {
      timeout: 20_000,
    }, async () => {
      let blockedPid = 0;
      const holder = await driver.transaction(async (tx) => {
        await tx.query('LOCK TABLE projects IN ACCESS EXCLUSIVE MODE');
        const controller = new AbortController();
        const reason = new DOMException('The request deadline passed', 'TimeoutError');
        const blocked = driver.transaction(
          async (other) => {
            blockedPid = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
            await other.query("INSERT INTO projects (tenant_id, name) VALUES ('tenant:cancel', 'Blocked')");
          },
          { signal: controller.signal },
        );
        const settled = blocked.then(
          () => 'committed',
          (error: unknown) => error,
        );
        // Abort once the insert is really waiting on the lock inside Postgres.
        for (;;) {
          const { rows } = await driver.query<{ n: number }>(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO projects%'",
          );
          if (Number(rows[0]!.n) > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        controller.abort(reason);
        return { outcome: await settled, reason };
      });
      assert.equal(holder.outcome, holder.reason);
      const { rows } = await driver.query("SELECT id FROM projects WHERE tenant_id = 'tenant:cancel'");
      assert.deepEqual(rows, []);
      // A cancel request that arrived late would cancel the next statement on that connection:
      // it is closed, not reused (its backend goes away).
      for (;;) {
        const { rows: alive } = await driver.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [
          blockedPid,
        ]);
        if (alive.length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
  });
}

describe('a query past the Lambda deadline on PGlite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasks-deadline-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  deadlineTests(
    () => openDatabase({ dataDir }),
    // PGlite cannot interrupt a statement: it ran to its end, then the transaction was rolled back.
    'TIMEOUT: The database did not finish before the request deadline, so the change was rolled back: nothing was saved. Call the tool again; for list_tasks, a smaller limit or more filters help.',
    // PGlite runs statements on this thread: when the handler has answered, nothing is running.
    async () => {},
  );
});
