import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { SqlDriver } from '../src/db/driver.ts';
import type { TasksHarness } from './tasks-client.ts';

/** Rows in every table: a refused request must leave them as they were. */
export async function rowCounts(driver: SqlDriver): Promise<Record<string, number>> {
  const { rows } = await driver.query<Record<string, number | string>>(
    `SELECT (SELECT count(*) FROM projects) AS projects, (SELECT count(*) FROM members) AS members,
       (SELECT count(*) FROM tasks) AS tasks`,
  );
  return Object.fromEntries(Object.entries(rows[0]!).map(([table, count]) => [table, Number(count)]));
}

/**
 * Input a model may send that the server must refuse with an exact, actionable error and no
 * write, run by each driver's test file (PGlite and a real Postgres server).
 */
export function refusedInputTests(harness: () => TasksHarness, driver: () => SqlDriver): void {
  const tenant = 'refused-input';
  const call = (name: string, args: Record<string, unknown>) => harness().call(name, args, tenant);
  const ok = async (name: string, args: Record<string, unknown>) => {
    const result = await call(name, args);
    assert.equal(result.isError, false, `${name} failed: ${result.text}`);
    return result.structured;
  };
  /** Asserts an isError result with its exact code and text, and that no table changed. */
  const refuses = async (tool: string, args: Record<string, unknown>, code: string, text: string) => {
    const before = await rowCounts(driver());
    const result = await call(tool, args);
    assert.deepEqual([result.isError, result.code, result.text], [true, code, text], JSON.stringify(args));
    assert.deepEqual(await rowCounts(driver()), before, `${tool} wrote nothing`);
  };
  const invalid = (tool: string, detail: string) =>
    `VALIDATION_ERROR: Invalid arguments for tool ${tool}: ${detail}`;
  const cursorOf = (fields: Record<string, unknown>) =>
    Buffer.from(JSON.stringify(fields)).toString('base64url');

  it('refuses a forged cursor row count instead of reporting it as the total', async () => {
    const project = await ok('create_project', { name: 'Cursors' });
    for (const title of ['c1', 'c2']) await ok('create_task', { title, project_id: project.id });
    const first = await ok('list_tasks', { project_id: project.id, limit: 1 });
    const real = JSON.parse(Buffer.from(first.next_cursor as string, 'base64url').toString('utf8'));
    const second = await ok('list_tasks', { project_id: project.id, limit: 1, cursor: first.next_cursor });
    assert.equal(second.total, 2);
    for (const n of [1e308, 2 ** 31, -5, 0]) {
      await refuses(
        'list_tasks',
        { project_id: project.id, limit: 1, cursor: cursorOf({ ...real, n }) },
        'VALIDATION_ERROR',
        'VALIDATION_ERROR: cursor: is not a cursor from list_tasks; pass next_cursor from the previous result, or omit it',
      );
    }
    await refuses(
      'list_projects',
      { cursor: cursorOf({ k: [1], n: 1e308, q: '"projects"' }) },
      'VALIDATION_ERROR',
      'VALIDATION_ERROR: cursor: is not a cursor from list_projects; pass next_cursor from the previous result, or omit it',
    );
  });

  void invalid;
}
