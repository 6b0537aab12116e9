import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { SqlDriver } from '../src/db/driver.ts';
import { MIGRATIONS, migrate } from '../src/db/migrations.ts';

/**
 * Migration 2 on a database written by version 1, where `tenant_id` held the bare tenant or
 * subject and 'default' meant "no auth". `fresh` opens an empty database (not migrated).
 */
export function tenantKeyMigrationTests(fresh: () => Promise<SqlDriver>): void {
  it('migration 2 turns version-1 workspace keys into tenant:<id> and anonymous, tasks and projects alike', async () => {
    const driver = await fresh();
    try {
      await driver.transaction(async (tx) => {
        await tx.query(
          'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
        );
        for (const statement of MIGRATIONS[0]!.statements) await tx.query(statement);
        await tx.query("INSERT INTO schema_migrations (version, name) VALUES (1, 'v1')");
      });
      for (const tenant of ['default', 'acme', 'tenant:odd']) {
        const { rows } = await driver.query<{ id: number }>(
          'INSERT INTO projects (tenant_id, name) VALUES ($1, $2) RETURNING id',
          [tenant, `${tenant} project`],
        );
        await driver.query('INSERT INTO tasks (tenant_id, project_id, title) VALUES ($1, $2, $3)', [
          tenant,
          rows[0]!.id,
          `${tenant} task`,
        ]);
      }
      assert.deepEqual(
        await migrate(driver),
        MIGRATIONS.slice(1).map((m) => m.version),
      );
      const keys = async (table: string) =>
        (await driver.query<{ tenant_id: string }>(`SELECT tenant_id FROM ${table} ORDER BY id`)).rows.map(
          (row) => row.tenant_id,
        );
      const expected = ['anonymous', 'tenant:acme', 'tenant:tenant:odd'];
      assert.deepEqual(await keys('projects'), expected);
      assert.deepEqual(await keys('tasks'), expected);
      assert.deepEqual(await migrate(driver), [], 'applied once');
    } finally {
      await driver.close();
    }
  });
}
