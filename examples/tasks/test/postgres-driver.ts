import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isUnavailable, type Queryable, type SqlDriver } from '../src/db/driver.ts';
import { openDatabase } from '../src/db/open-database.ts';
import type { NamedPostgresClient } from './postgres-clients.ts';
import type { PostgresCluster } from './postgres-cluster.ts';

/** Nothing listens on port 1 of loopback: connecting is refused at once. */
const UNREACHABLE = 'postgres://tasks@127.0.0.1:1/tasks';

/**
 * What the task server relies on from a Postgres client, the same for `pg` and postgres.js:
 * the values it reads and writes, one connection by default, and how a lost or unreachable
 * server shows (an error `isUnavailable` recognises, nothing committed, a reconnect after).
 */
export function postgresDriverTests(
  { name, id, client }: NamedPostgresClient,
  cluster: () => PostgresCluster,
): void {
  describe(`the ${name} driver`, () => {
    let url: string;
    let driver: SqlDriver;
    let admin: SqlDriver;
    before(async () => {
      url = await cluster().createDatabase(`driver_${id}`);
      driver = await client({ connectionString: url });
      admin = await client({ connectionString: url });
      await admin.query('CREATE TABLE notes (id int PRIMARY KEY, body text)');
    });
    after(async () => {
      await driver?.close();
      await admin?.close();
    });

    const backendPid = async (target: Queryable) =>
      (await target.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    // Waits (up to 5 s) until the backend has exited.
    const terminate = (pid: number) => admin.query('SELECT pg_terminate_backend($1, 5000)', [pid]);
    const notes = async () => (await admin.query('SELECT id FROM notes ORDER BY id')).rows;

    it('reads int8 and numeric as numbers, timestamptz as the exact instant, arrays, JSON and booleans', async () => {
      const { rows } = await driver.query(
        `SELECT 9007199254740991::int8 AS big, 2.5::numeric AS ratio, count(*) AS counted,
           '0001-01-01 00:00:00+00'::timestamptz AS first_day, '2026-12-01 17:00:00.123456+01:30'::timestamptz AS due,
           ARRAY['plain', 'with "quotes", commas \\ and {braces}', NULL, '']::text[] AS labels,
           ARRAY[1, 2]::int4[] AS ints, '{"a":[1,true]}'::jsonb AS doc, true AS yes`,
      );
      assert.deepEqual(rows, [
        {
          big: 9007199254740991,
          ratio: 2.5,
          counted: 1,
          first_day: new Date('0001-01-01T00:00:00.000Z'),
          due: new Date('2026-12-01T15:30:00.123Z'),
          labels: ['plain', 'with "quotes", commas \\ and {braces}', null, ''],
          ints: [1, 2],
          doc: { a: [1, true] },
          yes: true,
        },
      ]);
    });

    it('writes arrays, JSON text, dates and undefined (as NULL) as parameters', async () => {
      const { rows } = await driver.query(
        'SELECT $1::text[] AS labels, $2::jsonb AS doc, $3::timestamptz AS at, $4::text AS missing, $5::int8 AS id',
        [['a,b', 'c"d', null], '{"x":1}', new Date('2026-12-01T00:00:00Z'), undefined, 42],
      );
      assert.deepEqual(rows, [
        {
          labels: ['a,b', 'c"d', null],
          doc: { x: 1 },
          at: new Date('2026-12-01T00:00:00Z'),
          missing: null,
          id: 42,
        },
      ]);
    });

    it('keeps one connection by default: concurrent transactions take turns on it', async () => {
      const pids = await Promise.all(
        [1, 2, 3].map((n) =>
          driver.transaction(async (tx) => {
            await tx.query('INSERT INTO notes (id, body) VALUES ($1, $2)', [n, 'turns']);
            return (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
          }),
        ),
      );
      assert.equal(new Set(pids).size, 1);
      assert.deepEqual(await notes(), [{ id: 1 }, { id: 2 }, { id: 3 }]);
      await admin.query('DELETE FROM notes');
    });

    it('refuses an unreachable server with an error isUnavailable recognises, for a statement, a transaction and opening', async () => {
      const down = await client({ connectionString: UNREACHABLE });
      try {
        const statement = await down.query('SELECT 1').catch((error: unknown) => error);
        const transaction = await down
          .transaction((tx) => tx.query('SELECT 1'))
          .catch((error: unknown) => error);
        for (const error of [statement, transaction]) {
          assert.ok(error instanceof Error);
          assert.equal((error as NodeJS.ErrnoException).code, 'ECONNREFUSED');
          assert.equal(isUnavailable(error), true);
        }
      } finally {
        await down.close();
      }
      const opening = await openDatabase({ databaseUrl: UNREACHABLE, client }).catch(
        (error: unknown) => error,
      );
      assert.equal((opening as NodeJS.ErrnoException).code, 'ECONNREFUSED');
      assert.equal(isUnavailable(opening), true);
    });

    it('fails a transaction whose connection the server ends between two statements as unavailable, commits nothing, and reconnects', async () => {
      const error = await driver
        .transaction(async (tx) => {
          await tx.query("INSERT INTO notes (id, body) VALUES (10, 'before the end')");
          await terminate(await backendPid(tx));
          await tx.query("INSERT INTO notes (id, body) VALUES (11, 'after the end')");
        })
        .catch((caught: unknown) => caught);
      assert.ok(error instanceof Error, 'the transaction failed');
      assert.equal(isUnavailable(error), true, String(error));
      assert.deepEqual(await notes(), []);
      assert.deepEqual((await driver.query('SELECT 1 AS up')).rows, [{ up: 1 }]);
    });

    it('fails a statement whose connection the server ends while it runs as unavailable, and reconnects', async () => {
      const running = driver
        .query("SELECT pg_sleep(30), 'ended mid-statement' AS marker")
        .catch((e: unknown) => e);
      for (;;) {
        const { rows } = await admin.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%ended mid-statement%' AND pid <> pg_backend_pid()",
        );
        if (rows[0]) {
          await terminate(rows[0].pid);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const error = await running;
      assert.ok(error instanceof Error, 'the statement failed');
      assert.equal(isUnavailable(error), true, String(error));
      assert.deepEqual((await driver.query('SELECT 1 AS up')).rows, [{ up: 1 }]);
    });

    it('reports an idle connection the server ended through onError, and reconnects on the next statement', async () => {
      let reported: (error: Error) => void;
      const lost = new Promise<Error>((resolve) => {
        reported = resolve;
      });
      const watched = await client({
        connectionString: url,
        onError: (e) => reported(e),
      });
      try {
        await terminate(await backendPid(watched));
        assert.ok((await lost) instanceof Error);
        assert.deepEqual((await watched.query('SELECT 1 AS up')).rows, [{ up: 1 }]);
      } finally {
        await watched.close();
      }
    });

    it('fails writes on a connection to a server that takes none (a writer demoted by a failover) as unavailable, and writes on a new connection once it takes them again', async () => {
      // A session started while the database is read-only stays so (as a connection to the
      // demoted writer refuses writes while it lives), whatever the database is set to later.
      const database = (await admin.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!
        .name;
      const readOnly = (on: boolean) =>
        admin.query(
          `ALTER DATABASE "${database}" ${on ? 'SET default_transaction_read_only = on' : 'RESET default_transaction_read_only'}`,
        );
      const insert = (id: number) => `INSERT INTO notes (id, body) VALUES (${id}, 'failover')`;
      // Each way in (a transaction, a single statement) on its own client, whose one
      // connection is opened while the database is read-only.
      const ways: [string, (db: SqlDriver, id: number) => Promise<unknown>][] = [
        ['transaction', (db, id) => db.transaction((tx) => tx.query(insert(id)))],
        ['statement', (db, id) => db.query(insert(id))],
      ];
      try {
        for (const [way, write] of ways) {
          await readOnly(true);
          const demoted = await client({ connectionString: url });
          try {
            const error = await write(demoted, 1).catch((caught: unknown) => caught);
            assert.equal((error as { code?: unknown }).code, '25006', `${way}: ${String(error)}`);
            assert.equal(isUnavailable(error), true, way);
            await readOnly(false);
            // The read-only connection was closed, not pooled: this opens a new, writable one.
            await write(demoted, 2);
            assert.deepEqual(await notes(), [{ id: 2 }], way);
            await admin.query('DELETE FROM notes');
          } finally {
            await demoted.close();
          }
        }
      } finally {
        await readOnly(false);
        await admin.query('DELETE FROM notes');
      }
    });

    it('refuses statements after close() (a mistake, not an outage) instead of reconnecting', async () => {
      const closed = await client({ connectionString: url });
      await closed.query('SELECT 1');
      await closed.close();
      const error = await closed.query('SELECT 1').catch((caught: unknown) => caught);
      assert.ok(error instanceof Error);
      assert.equal(isUnavailable(error), false, String(error));
    });
  });
}
