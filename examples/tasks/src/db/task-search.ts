import type { Queryable } from './driver.ts';
import { TASK_COLUMNS, type Task, type TaskPriority, type TaskStatus, toTask } from './task-queries.ts';

export interface TaskFilters {
  projectId?: number | undefined;
  assigneeId?: string | undefined;
  status?: TaskStatus | undefined;
  priority?: TaskPriority | undefined;
  dueBefore?: string | undefined;
  dueAfter?: string | undefined;
  /** Words matched against title and description (Postgres full-text search, English stemming). */
  text?: string | undefined;
}

export type TaskSort = 'created_desc' | 'created_asc' | 'due_asc' | 'priority_desc' | 'updated_desc';

// Every order ends with the id so that pages never repeat or skip rows that tie.
const ORDER_BY: Record<TaskSort, string> = {
  created_desc: 'created_at DESC, id DESC',
  created_asc: 'created_at ASC, id ASC',
  due_asc: 'due_date ASC NULLS LAST, id ASC',
  priority_desc:
    "CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, due_date ASC NULLS LAST, id ASC",
  updated_desc: 'updated_at DESC, id DESC',
};

/** Builds the tenant-scoped WHERE clause; each condition is served by an index from the migrations. */
export function taskWhere(tenant: string, filters: TaskFilters): { where: string; params: unknown[] } {
  const params: unknown[] = [tenant];
  const conditions = ['tenant_id = $1'];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };
  if (filters.projectId !== undefined) add((p) => `project_id = ${p}`, filters.projectId);
  if (filters.assigneeId !== undefined) add((p) => `assignee_id = ${p}`, filters.assigneeId);
  if (filters.status !== undefined) add((p) => `status = ${p}`, filters.status);
  if (filters.priority !== undefined) add((p) => `priority = ${p}`, filters.priority);
  if (filters.dueBefore !== undefined) add((p) => `due_date < ${p}`, filters.dueBefore);
  if (filters.dueAfter !== undefined) add((p) => `due_date > ${p}`, filters.dueAfter);
  if (filters.text !== undefined) add((p) => `search @@ websearch_to_tsquery('english', ${p})`, filters.text);
  return { where: conditions.join(' AND '), params };
}

/** One page of tasks plus the total matching, so an AI can say "showing 20 of 134". */
export async function searchTasks(
  db: Queryable,
  tenant: string,
  filters: TaskFilters,
  page: { sort: TaskSort; offset: number; limit: number },
): Promise<{ tasks: Task[]; total: number; hasMore: boolean }> {
  const { where, params } = taskWhere(tenant, filters);
  const { rows } = await db.query<Parameters<typeof toTask>[0] & { total: number | string }>(
    `SELECT ${TASK_COLUMNS}, count(*) OVER () AS total FROM tasks WHERE ${where}
     ORDER BY ${ORDER_BY[page.sort]} LIMIT ${page.limit + 1} OFFSET ${page.offset}`,
    params,
  );
  const total = rows[0] ? Number(rows[0].total) : 0;
  const tasks = rows.slice(0, page.limit).map(({ total: _total, ...row }) => toTask(row));
  return { tasks, total, hasMore: rows.length > page.limit };
}
