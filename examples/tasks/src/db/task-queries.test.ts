import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Queryable } from './driver.ts';
import { insertTask } from './task-queries.ts';

const ROW = {
  id: '7',
  project_id: '1',
  title: 'Again',
  description: '',
  assignee_id: null,
  status: 'todo',
  priority: 'medium',
  due_date: null,
  version: 1,
  created_at: new Date('2026-12-01T00:00:00Z'),
  updated_at: new Date('2026-12-01T00:00:00Z'),
  completed_at: null,
};

/** A connection answering each statement with the next scripted rows, recording the SQL. */
function scripted(answers: unknown[][]): Queryable & { statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    query: async <Row>(sql: string) => {
      statements.push(sql.trim().split(/\s+/)[0]!);
      return { rows: (answers.shift() ?? []) as Row[] };
    },
  };
}

test('insertTask creates the task again when the one holding its idempotency key was deleted between its two statements', async () => {
  // INSERT ... ON CONFLICT DO NOTHING found the key taken; the SELECT then found no task with it
  // (deleted meanwhile): the key is free again, so the next INSERT takes it.
  const db = scripted([[], [], [ROW]]);
  const { task, created } = await insertTask(db, 'tenant:acme', {
    projectId: 1,
    title: 'Again',
    description: '',
    assigneeId: null,
    dueDate: null,
    priority: 'medium',
    idempotencyKey: 'k-1',
  });
  assert.deepEqual([task.id, created], [7, true]);
  assert.deepEqual(db.statements, ['INSERT', 'SELECT', 'INSERT']);
});
