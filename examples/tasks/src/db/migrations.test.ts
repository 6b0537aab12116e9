import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Queryable, SqlDriver } from './driver.ts';
import { MIGRATIONS, migrate } from './migrations.ts';
import { createPgliteDriver } from './pglite-driver.ts';

/** The driver with every statement it runs recorded, and whether a transaction was opened. */
function recording(driver: SqlDriver): { driver: SqlDriver; statements: string[] } {
  const statements: string[] = [];
  const record =
    (target: Queryable): Queryable['query'] =>
    (sql, params) => {
      statements.push(sql.replace(/\s+/g, ' ').slice(0, 60));
      return target.query(sql, params);
    };
  return {
    statements,
    driver: {
      ...driver,
      query: record(driver),
      transaction: (work) => {
        statements.push('BEGIN');
        return driver.transaction((tx) => work({ query: record(tx) }));
      },
    },
  };
}

test('migrate applies every migration to a new database, then finds it up to date with one query and no lock', async () => {
  const driver = await createPgliteDriver();
  try {
    assert.deepEqual(
      await migrate(driver),
      MIGRATIONS.map((m) => m.version),
    );
    const { driver: watched, statements } = recording(driver);
    assert.deepEqual(await migrate(watched), []);
    assert.deepEqual(statements, ['SELECT version FROM schema_migrations']);
  } finally {
    await driver.close();
  }
});

test('migrate takes the lock and re-checks when a migration is pending', async () => {
  const driver = await createPgliteDriver();
  try {
    const { driver: watched, statements } = recording(driver);
    assert.deepEqual(
      await migrate(watched),
      MIGRATIONS.map((m) => m.version),
    );
    assert.deepEqual(statements.slice(0, 3), [
      'SELECT version FROM schema_migrations',
      'BEGIN',
      'SELECT pg_advisory_xact_lock($1)',
    ]);
  } finally {
    await driver.close();
  }
});
