import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SqlDriver } from '../src/db/driver.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { startTasksHarness, type TasksHarness } from './tasks-client.ts';

describe('tasks server bad input', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasks-bad-input-'));
  let driver: SqlDriver;
  let harness: TasksHarness;
  let projectId: number;
  let taskId: number;
  before(async () => {
    driver = await openDatabase({ dataDir });
    harness = await startTasksHarness(driver);
    projectId = (await harness.call('create_project', { name: 'Inputs' })).structured.id as number;
    taskId = (await harness.call('create_task', { title: 'Valid', project_id: projectId })).structured
      .id as number;
  });
  after(async () => {
    await harness?.close();
    await driver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Asserts an isError result with its exact text and code. */
  const rejects = async (tool: string, args: Record<string, unknown>, code: string, text: string) => {
    const result = await harness.call(tool, args);
    assert.deepEqual([result.isError, result.code, result.text], [true, code, text]);
  };
  const invalid = (tool: string, detail: string) =>
    `VALIDATION_ERROR: Invalid arguments for tool ${tool}: ${detail}`;

  it('rejects an empty or blank title with VALIDATION_ERROR naming title', async () => {
    const expected = invalid('create_task', 'title: must not be empty');
    await rejects('create_task', { title: '', project_id: projectId }, 'VALIDATION_ERROR', expected);
    await rejects('create_task', { title: '   ', project_id: projectId }, 'VALIDATION_ERROR', expected);
  });

  it('rejects a due_date that is not an ISO 8601 date', async () => {
    const expected = invalid(
      'create_task',
      'due_date: must be an ISO 8601 date such as 2026-12-01 or 2026-12-01T17:00:00Z',
    );
    for (const due_date of ['next friday', '01/12/2026', '2026-12-1']) {
      await rejects(
        'create_task',
        { title: 'Dated', project_id: projectId, due_date },
        'VALIDATION_ERROR',
        expected,
      );
    }
  });

  it('rejects an unknown priority and status with the allowed values', async () => {
    await rejects(
      'create_task',
      { title: 'Urgent', project_id: projectId, priority: 'urgent' },
      'VALIDATION_ERROR',
      invalid('create_task', 'priority: must be one of low, medium, high'),
    );
    await rejects(
      'update_task',
      { task_id: taskId, version: 1, status: 'finished' },
      'VALIDATION_ERROR',
      invalid('update_task', 'status: must be one of todo, in_progress, blocked, done'),
    );
  });

  it('rejects oversized title and description with their limits', async () => {
    await rejects(
      'create_task',
      { title: 'x'.repeat(201), project_id: projectId },
      'VALIDATION_ERROR',
      invalid('create_task', 'title: must be at most 200 characters'),
    );
    await rejects(
      'create_task',
      { title: 'Long', description: 'y'.repeat(10_001), project_id: projectId },
      'VALIDATION_ERROR',
      invalid('create_task', 'description: must be at most 10000 characters'),
    );
  });

  it('rejects a NUL character, which Postgres text cannot store', async () => {
    await rejects(
      'create_task',
      { title: 'bad\u0000byte', project_id: projectId },
      'VALIDATION_ERROR',
      invalid('create_task', 'title: must not contain NUL characters'),
    );
  });

  it('rejects ids that are not positive integers', async () => {
    await rejects(
      'get_task',
      { task_id: 0 },
      'VALIDATION_ERROR',
      invalid('get_task', 'task_id: must be a positive integer'),
    );
  });

  it('refuses a limit that is not a whole number from 1 to 100 with the same message, naming the range', async () => {
    for (const tool of ['list_tasks', 'list_projects']) {
      for (const limit of [1.5, 0, -3, 101, 1e9]) {
        await rejects(
          tool,
          { limit },
          'VALIDATION_ERROR',
          invalid(tool, 'limit: must be a whole number from 1 to 100'),
        );
      }
    }
  });

  it('answers NOT_FOUND naming the id and the tool that lists valid ids', async () => {
    await rejects(
      'get_task',
      { task_id: 424242 },
      'NOT_FOUND',
      'NOT_FOUND: Task 424242 not found. Call list_tasks to see valid ids.',
    );
    await rejects(
      'update_task',
      { task_id: 424242, version: 1, title: 'Nope' },
      'NOT_FOUND',
      'NOT_FOUND: Task 424242 not found. Call list_tasks to see valid ids.',
    );
    await rejects(
      'delete_task',
      { task_id: 424242 },
      'NOT_FOUND',
      'NOT_FOUND: Task 424242 not found. Call list_tasks to see valid ids.',
    );
    await rejects(
      'create_task',
      { title: 'Orphan', project_id: 9999 },
      'NOT_FOUND',
      'NOT_FOUND: Project 9999 not found. Call list_projects to see valid ids, or create_project to make one.',
    );
    await rejects(
      'list_tasks',
      { project_id: 9999, status: 'done' },
      'NOT_FOUND',
      'NOT_FOUND: Project 9999 not found. Call list_projects to see valid ids, or create_project to make one.',
    );
    await rejects(
      'get_project_stats',
      { project_id: 9999 },
      'NOT_FOUND',
      'NOT_FOUND: Project 9999 not found. Call list_projects to see valid ids, or create_project to make one.',
    );
  });

  it('refuses to assign a task to someone outside the project', async () => {
    await rejects(
      'assign_task',
      { task_id: taskId, assignee_id: 'mallory' },
      'NOT_FOUND',
      `NOT_FOUND: User "mallory" is not a member of project ${projectId}. Call list_members to see who can be assigned, or add_member to add them.`,
    );
  });

  it('rejects an update that changes nothing', async () => {
    await rejects(
      'update_task',
      { task_id: taskId, version: 1 },
      'VALIDATION_ERROR',
      'VALIDATION_ERROR: task_id: nothing to change; pass at least one of project_id, title, description, status, priority, due_date, assignee_id',
    );
  });

  it('rejects a cursor that is not from list_tasks or belongs to other filters', async () => {
    await rejects(
      'list_tasks',
      { cursor: 'not-a-cursor' },
      'VALIDATION_ERROR',
      'VALIDATION_ERROR: cursor: is not a cursor from list_tasks; pass next_cursor from the previous result, or omit it',
    );
    // A cursor built by hand with the right shape but a key Postgres cannot read.
    const forged = Buffer.from(
      JSON.stringify({ k: ['not a date', 1], n: 0, q: JSON.stringify({ sort: 'created_desc' }) }),
    ).toString('base64url');
    await rejects(
      'list_tasks',
      { cursor: forged },
      'VALIDATION_ERROR',
      'VALIDATION_ERROR: cursor: is not a cursor from list_tasks; pass next_cursor from the previous result, or omit it',
    );
    await rejects(
      'list_projects',
      { cursor: Buffer.from(JSON.stringify({ k: ['1'], n: 0, q: '"projects"' })).toString('base64url') },
      'VALIDATION_ERROR',
      'VALIDATION_ERROR: cursor: is not a cursor from list_projects; pass next_cursor from the previous result, or omit it',
    );
    for (let i = 0; i < 2; i++)
      await harness.call('create_task', { title: `Page ${i}`, project_id: projectId });
    const first = await harness.call('list_tasks', { limit: 1, priority: 'medium' });
    await rejects(
      'list_tasks',
      { limit: 1, priority: 'high', cursor: first.structured.next_cursor },
      'VALIDATION_ERROR',
      'VALIDATION_ERROR: cursor: belongs to a query with other filters; repeat the same filters, or omit the cursor',
    );
  });
});
