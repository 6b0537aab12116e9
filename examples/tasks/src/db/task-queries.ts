import type { Queryable } from './driver.ts';

export type TaskStatus = 'todo' | 'in_progress' | 'blocked' | 'done';
export type TaskPriority = 'low' | 'medium' | 'high';

export interface Task {
  id: number;
  project_id: number;
  title: string;
  description: string;
  assignee_id: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  due_date: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

interface TaskRow
  extends Omit<Task, 'id' | 'project_id' | 'due_date' | 'created_at' | 'updated_at' | 'completed_at'> {
  id: number | string;
  project_id: number | string;
  due_date: Date | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

export const TASK_COLUMNS =
  'id, project_id, title, description, assignee_id, status, priority, due_date, version, created_at, updated_at, completed_at';

/** Rows as both drivers return them (bigint may be a string, timestamps are Dates) to the API shape. */
export function toTask(row: TaskRow): Task {
  return {
    ...row,
    id: Number(row.id),
    project_id: Number(row.project_id),
    due_date: row.due_date ? row.due_date.toISOString() : null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    completed_at: row.completed_at ? row.completed_at.toISOString() : null,
  };
}

export interface NewTask {
  projectId: number;
  title: string;
  description: string;
  assigneeId: string | null;
  dueDate: string | null;
  priority: TaskPriority;
  idempotencyKey: string | null;
}

/** How often insertTask tries again when the task holding its key vanished between its statements. */
const INSERT_ATTEMPTS = 3;

/**
 * Inserts a task, or returns the task created earlier with the same idempotency key. A
 * concurrent insert with the same key waits on the unique index, then finds nothing to do;
 * the follow-up read sees the committed winner. If that task was deleted between the two
 * statements the key is free again, and the insert is tried once more.
 */
export async function insertTask(
  db: Queryable,
  tenant: string,
  task: NewTask,
): Promise<{ task: Task; created: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const inserted = await db.query<TaskRow>(
      `INSERT INTO tasks (tenant_id, project_id, title, description, assignee_id, due_date, priority, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING ${TASK_COLUMNS}`,
      [
        tenant,
        task.projectId,
        task.title,
        task.description,
        task.assigneeId,
        task.dueDate,
        task.priority,
        task.idempotencyKey,
      ],
    );
    const row = inserted.rows[0];
    if (row) return { task: toTask(row), created: true };
    const existing = await db.query<TaskRow>(
      `SELECT ${TASK_COLUMNS} FROM tasks WHERE tenant_id = $1 AND idempotency_key = $2`,
      [tenant, task.idempotencyKey],
    );
    if (existing.rows[0]) return { task: toTask(existing.rows[0]), created: false };
    if (attempt === INSERT_ATTEMPTS) {
      throw new Error('idempotent insert found neither a new nor an existing task');
    }
  }
}

export async function findTask(db: Queryable, tenant: string, id: number): Promise<Task | undefined> {
  const { rows } = await db.query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM tasks WHERE tenant_id = $1 AND id = $2`,
    [tenant, id],
  );
  return rows[0] ? toTask(rows[0]) : undefined;
}

export interface TaskChanges {
  /** Moves the task to another project (the caller checked it is the tenant's and the assignee a member). */
  project_id?: number;
  title?: string;
  description?: string;
  assignee_id?: string | null;
  status?: TaskStatus;
  priority?: TaskPriority;
  due_date?: string | null;
}

const CHANGEABLE_COLUMNS = [
  'project_id',
  'title',
  'description',
  'assignee_id',
  'status',
  'priority',
  'due_date',
] as const;

export type UpdateOutcome =
  | { kind: 'updated'; task: Task }
  /** `unlessAlready` and the task already held the changes: nothing was written. */
  | { kind: 'unchanged'; task: Task }
  | { kind: 'not_found' }
  | { kind: 'conflict'; current: Task };

/** How often an `unlessAlready` update is tried again when the task changed between its statements. */
const UNLESS_ALREADY_ATTEMPTS = 3;

/**
 * Applies `changes` if the task is still at `expectedVersion` (optimistic concurrency);
 * without an expected version the change applies to whatever is current. `completed_at`
 * follows the status so that stats and standups can ask "done since when".
 *
 * With `unlessAlready` (complete_task, assign_task: calls a client may repeat) a task that
 * already holds the changes is not written, so its version stays. That is decided in the
 * UPDATE's own WHERE: a concurrent repeat waits for the row, then finds it changed and writes
 * nothing, where a check before the UPDATE would have let both write.
 */
export async function updateTask(
  db: Queryable,
  tenant: string,
  id: number,
  changes: TaskChanges,
  expectedVersion: number | undefined,
  options: { unlessAlready?: boolean } = {},
): Promise<UpdateOutcome> {
  const sets: string[] = [];
  const differs: string[] = [];
  const params: unknown[] = [tenant, id];
  let statusParam: string | undefined;
  for (const column of CHANGEABLE_COLUMNS) {
    const value = changes[column];
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
    differs.push(`${column} IS DISTINCT FROM $${params.length}`);
    if (column === 'status') statusParam = `$${params.length}`;
  }
  // On the right of SET, `status` is the old value: keep the first completion time.
  if (statusParam) {
    sets.push(
      `completed_at = CASE WHEN ${statusParam}::text <> 'done' THEN NULL WHEN status = 'done' THEN completed_at ELSE now() END`,
    );
  }
  let versionCheck = '';
  if (expectedVersion !== undefined) {
    params.push(expectedVersion);
    versionCheck = ` AND version = $${params.length}`;
  }
  const changeCheck = options.unlessAlready ? ` AND (${differs.join(' OR ')})` : '';
  for (let attempt = 1; ; attempt++) {
    const { rows } = await db.query<TaskRow>(
      `UPDATE tasks SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
       WHERE tenant_id = $1 AND id = $2${versionCheck}${changeCheck}
       RETURNING ${TASK_COLUMNS}`,
      params,
    );
    if (rows[0]) return { kind: 'updated', task: toTask(rows[0]) };
    const current = await findTask(db, tenant, id);
    if (!current) return { kind: 'not_found' };
    if (expectedVersion !== undefined && current.version !== expectedVersion)
      return { kind: 'conflict', current };
    if (options.unlessAlready && holds(current, changes)) return { kind: 'unchanged', task: current };
    // Changed again between the UPDATE and this read (no version was asked for): try once more.
    if (attempt === UNLESS_ALREADY_ATTEMPTS) return { kind: 'conflict', current };
  }
}

/** Whether `task` already has every value in `changes`. */
function holds(task: Task, changes: TaskChanges): boolean {
  return CHANGEABLE_COLUMNS.every(
    (column) => changes[column] === undefined || task[column] === changes[column],
  );
}

export async function deleteTask(db: Queryable, tenant: string, id: number): Promise<Task | undefined> {
  const { rows } = await db.query<TaskRow>(
    `DELETE FROM tasks WHERE tenant_id = $1 AND id = $2 RETURNING ${TASK_COLUMNS}`,
    [tenant, id],
  );
  return rows[0] ? toTask(rows[0]) : undefined;
}

/** Ids starting with `prefix`, for completion of `tasks://task/{id}`. */
export async function taskIdsStartingWith(db: Queryable, tenant: string, prefix: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id::text AS id FROM tasks WHERE tenant_id = $1 AND id::text LIKE $2 ORDER BY id DESC LIMIT 20`,
    [tenant, `${prefix.replace(/[^0-9]/g, '')}%`],
  );
  return rows.map((row) => row.id);
}
