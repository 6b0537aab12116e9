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

  it('refuses a text search with no word to search for, instead of answering that nothing matches', async () => {
    const project = await ok('create_project', { name: 'Search words' });
    await ok('create_task', { title: 'Ask IT about the VPN', project_id: project.id });
    for (const text of ['the', 'it', 'to be or not to be', '!!!']) {
      await refuses(
        'list_tasks',
        { text },
        'VALIDATION_ERROR',
        `VALIDATION_ERROR: text: ${JSON.stringify(text)} has no word to search for: very common words (the, it, to, ...) and punctuation are not indexed. Search with more specific words (a name, a topic), or omit text.`,
      );
    }
    const found = await ok('list_tasks', { text: 'the VPN' });
    assert.deepEqual(
      (found.tasks as { title: string }[]).map((task) => task.title),
      ['Ask IT about the VPN'],
    );
  });

  it('refuses a NUL character in every text argument with the same field error, before Postgres sees it', async () => {
    const project = await ok('create_project', { name: 'Nul checks' });
    const task = await ok('create_task', { title: 'Nul target', project_id: project.id });
    const nul = 'a\u0000b';
    const cases: [string, Record<string, unknown>, string][] = [
      ['create_task', { title: nul, project_id: project.id }, 'title'],
      ['create_task', { title: 'ok', description: nul, project_id: project.id }, 'description'],
      ['create_task', { title: 'ok', project_id: project.id, assignee_id: nul }, 'assignee_id'],
      ['create_task', { title: 'ok', project_id: project.id, idempotency_key: nul }, 'idempotency_key'],
      ['update_task', { task_id: task.id, version: 1, title: nul }, 'title'],
      ['update_task', { task_id: task.id, version: 1, assignee_id: nul }, 'assignee_id'],
      ['assign_task', { task_id: task.id, assignee_id: nul }, 'assignee_id'],
      ['list_tasks', { text: nul }, 'text'],
      ['list_tasks', { assignee_id: nul }, 'assignee_id'],
      ['list_tasks', { cursor: nul }, 'cursor'],
      ['create_project', { name: nul }, 'name'],
      ['create_project', { name: 'ok', description: nul }, 'description'],
      ['add_member', { project_id: project.id, user_id: nul, display_name: 'Nul' }, 'user_id'],
      ['add_member', { project_id: project.id, user_id: 'nul', display_name: nul }, 'display_name'],
    ];
    for (const [tool, args, field] of cases) {
      await refuses(
        tool,
        args,
        'VALIDATION_ERROR',
        invalid(tool, `${field}: must not contain NUL characters`),
      );
    }
  });

  it('refuses a name or title with no visible character (zero-width spaces, word joiners) as empty', async () => {
    const project = await ok('create_project', { name: 'Invisible' });
    const task = await ok('create_task', { title: 'Seen', project_id: project.id });
    // Characters JavaScript's trim keeps but nobody sees: a task listed with a blank title.
    for (const blank of ['\u200B', '\u2060\u200B', ' \u200D ', '\u00AD', '\u3164']) {
      const cases: [string, Record<string, unknown>, string][] = [
        ['create_task', { title: blank, project_id: project.id }, 'title'],
        ['update_task', { task_id: task.id, version: 1, title: blank }, 'title'],
        ['create_project', { name: blank }, 'name'],
        ['add_member', { project_id: project.id, user_id: blank, display_name: 'Ghost' }, 'user_id'],
        ['add_member', { project_id: project.id, user_id: 'ghost', display_name: blank }, 'display_name'],
        ['assign_task', { task_id: task.id, assignee_id: blank }, 'assignee_id'],
      ];
      for (const [tool, args, field] of cases) {
        await refuses(tool, args, 'VALIDATION_ERROR', invalid(tool, `${field}: must not be empty`));
      }
    }
    // Visible text around them is kept as sent.
    const joined = await ok('create_task', { title: 'Co\u00ADoperate\u200B now', project_id: project.id });
    assert.equal(joined.title, 'Co\u00ADoperate\u200B now');
  });

  it('refuses a version beyond the 32-bit version column and an id beyond exact JSON numbers', async () => {
    const project = await ok('create_project', { name: 'Ranges' });
    const task = await ok('create_task', { title: 'Versioned', project_id: project.id });
    for (const tool of ['update_task', 'assign_task', 'complete_task']) {
      const args = { task_id: task.id, version: 2 ** 31, title: 'x', assignee_id: null };
      const { title: _title, ...assign } = args;
      await refuses(
        tool,
        tool === 'update_task'
          ? args
          : tool === 'assign_task'
            ? assign
            : { task_id: task.id, version: 2 ** 31 },
        'VALIDATION_ERROR',
        invalid(tool, 'version: must be at most 2147483647'),
      );
    }
    // The largest version the column holds is a valid input: a stale one, so CONFLICT, not an internal error.
    await refuses(
      'update_task',
      { task_id: task.id, version: 2 ** 31 - 1, title: 'x' },
      'CONFLICT',
      `CONFLICT: Task ${task.id} was changed by someone else: it is at version 1, you sent version 2147483647. Call get_task to read the current task, then retry with version 1.`,
    );
    await refuses(
      'get_task',
      { task_id: 2 ** 53 },
      'VALIDATION_ERROR',
      invalid('get_task', 'task_id: must be at most 9007199254740991'),
    );
    await refuses(
      'list_tasks',
      { project_id: 1e308 },
      'VALIDATION_ERROR',
      invalid('list_tasks', 'project_id: must be at most 9007199254740991'),
    );
    // The largest exact id is accepted and simply not found (ids are bigint columns).
    await refuses(
      'get_task',
      { task_id: 2 ** 53 - 1 },
      'NOT_FOUND',
      'NOT_FOUND: Task 9007199254740991 not found. Call list_tasks to see valid ids.',
    );
  });

  it('refuses dates that are not on the calendar, out of range or without a time zone, on every date argument', async () => {
    const project = await ok('create_project', { name: 'Calendar' });
    const task = await ok('create_task', { title: 'Dated', project_id: project.id });
    const cases: [string, string][] = [
      ['2026-02-30T10:00:00Z', 'has day 30, but February 2026 has 28 days'],
      ['2026-04-31', 'has day 31, but April 2026 has 30 days'],
      ['0000-01-01', 'must be between 0001-01-01 and 9999-12-31'],
      [
        '2026-12-01T17:00',
        "has a time but no time zone; add Z for UTC (2026-12-01T17:00Z) or the offset of the user's time zone (e.g. 2026-12-01T17:00+01:00)",
      ],
    ];
    for (const [date, message] of cases) {
      await refuses(
        'create_task',
        { title: 'Dated', project_id: project.id, due_date: date },
        'VALIDATION_ERROR',
        invalid('create_task', `due_date: ${message}`),
      );
      await refuses(
        'update_task',
        { task_id: task.id, version: 1, due_date: date },
        'VALIDATION_ERROR',
        invalid('update_task', `due_date: ${message}`),
      );
      await refuses(
        'list_tasks',
        { due_before: date },
        'VALIDATION_ERROR',
        invalid('list_tasks', `due_before: ${message}`),
      );
    }
    const unchanged = await ok('get_task', { task_id: task.id });
    assert.deepEqual([unchanged.version, unchanged.due_date], [1, null]);
  });

  it('stores the first and last days of the calendar and a leap day exactly as sent', async () => {
    const project = await ok('create_project', { name: 'Calendar edges' });
    for (const [due_date, stored] of [
      ['0001-01-01', '0001-01-01T00:00:00.000Z'],
      ['2028-02-29T23:30:00-01:00', '2028-03-01T00:30:00.000Z'],
      ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
    ]) {
      const task = await ok('create_task', { title: due_date, project_id: project.id, due_date });
      assert.equal(task.due_date, stored);
      assert.equal((await ok('get_task', { task_id: task.id })).due_date, stored);
    }
  });

  it('refuses an assignee for a task without a project_id who is not in the Inbox, and creates no Inbox', async () => {
    await refuses(
      'create_task',
      { title: 'Nobody home', assignee_id: 'bob' },
      'NOT_FOUND',
      'NOT_FOUND: User "bob" is not a member of the Inbox, where tasks without a project_id go. Pass the project_id of a project they belong to (see list_projects and list_members), or create the task without assignee_id.',
    );
    const { projects } = await ok('list_projects', {});
    assert.equal((projects as { name: string }[]).filter((p) => p.name === 'Inbox').length, 0);
  });
}
