import type { Queryable } from './driver.ts';
import { TASK_COLUMNS, type Task, type TaskPriority, type TaskStatus, toTask } from './task-queries.ts';

export interface TaskFilters {
  projectId?: number | undefined;
  /** The assignee's user id; null for unassigned tasks. */
  assigneeId?: string | null | undefined;
  status?: TaskStatus | undefined;
  /** Only tasks not done yet (any status but done). */
  open?: boolean | undefined;
  priority?: TaskPriority | undefined;
  dueBefore?: string | undefined;
  /** Due at or after this instant. */
  dueAfter?: string | undefined;
  /** Only tasks completed at or after this instant (done ones, then). */
  completedSince?: string | undefined;
  /** Words matched against title and description (Postgres full-text search, English stemming). */
  text?: string | undefined;
}

export type TaskSort = 'created_desc' | 'created_asc' | 'due_asc' | 'priority_desc' | 'updated_desc';

/**
 * Each order is a sort key whose last part is the id, so no two rows tie. Pages continue
 * after the last row's key (keyset pagination), so rows created or deleted between two
 * pages never make a later page repeat or skip one. A missing due date sorts last.
 */
interface SortKey {
  parts: readonly { sql: string; type: SortKeyType }[];
  direction: 'ASC' | 'DESC';
}

const DUE = { sql: "COALESCE(due_date, 'infinity')", type: 'timestamptz' } as const;
const ID = { sql: 'id', type: 'bigint' } as const;
const SORT_KEYS: Record<TaskSort, SortKey> = {
  created_desc: { parts: [{ sql: 'created_at', type: 'timestamptz' }, ID], direction: 'DESC' },
  created_asc: { parts: [{ sql: 'created_at', type: 'timestamptz' }, ID], direction: 'ASC' },
  due_asc: { parts: [DUE, ID], direction: 'ASC' },
  priority_desc: {
    parts: [
      { sql: "CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END", type: 'int' },
      DUE,
      ID,
    ],
    direction: 'ASC',
  },
  updated_desc: { parts: [{ sql: 'updated_at', type: 'timestamptz' }, ID], direction: 'DESC' },
};

/** The Postgres type of each part of a sort key: what a cursor's key for that sort must hold. */
export type SortKeyType = 'timestamptz' | 'bigint' | 'int';

/** The types of a sort's key parts, in order (what a cursor for it must carry). */
export function sortKeyTypes(sort: TaskSort): readonly SortKeyType[] {
  return SORT_KEYS[sort].parts.map((part) => part.type);
}

/** Where a page starts: after the row with this sort key (none for the first page), with `seen` rows before it. */
export interface PageStart {
  after: readonly (string | number)[] | undefined;
  seen: number;
}

/** Builds the tenant-scoped WHERE clause; each condition is served by an index from the migrations. */
export function taskWhere(tenant: string, filters: TaskFilters): { where: string; params: unknown[] } {
  const params: unknown[] = [tenant];
  const conditions = ['tenant_id = $1'];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };
  if (filters.projectId !== undefined) add((p) => `project_id = ${p}`, filters.projectId);
  if (filters.assigneeId === null) conditions.push('assignee_id IS NULL');
  else if (filters.assigneeId !== undefined) add((p) => `assignee_id = ${p}`, filters.assigneeId);
  if (filters.status !== undefined) add((p) => `status = ${p}`, filters.status);
  if (filters.open) conditions.push("status <> 'done'");
  if (filters.priority !== undefined) add((p) => `priority = ${p}`, filters.priority);
  if (filters.dueBefore !== undefined) add((p) => `due_date < ${p}`, filters.dueBefore);
  // Inclusive: a date-only deadline is that day's midnight, so "due_after: <day>" must take it
  // ([due_after, due_before) covers one day with the next day's date as due_before).
  if (filters.dueAfter !== undefined) add((p) => `due_date >= ${p}`, filters.dueAfter);
  if (filters.completedSince !== undefined) add((p) => `completed_at >= ${p}`, filters.completedSince);
  if (filters.text !== undefined) add((p) => `search @@ websearch_to_tsquery('english', ${p})`, filters.text);
  return { where: conditions.join(' AND '), params };
}

/**
 * Whether `text` holds a word the search can match. The search drops very common words
 * ("the", "it") and punctuation, and a query left with none matches no task at all.
 */
export async function hasSearchWords(db: Queryable, text: string): Promise<boolean> {
  const { rows } = await db.query<{ nodes: number | string }>(
    "SELECT numnode(websearch_to_tsquery('english', $1)) AS nodes",
    [text],
  );
  return Number(rows[0]?.nodes) > 0;
}

/**
 * One page of tasks plus the total matching, so an AI can say "showing 21-40 of 134", and
 * the sort key of the page's last row, where the next page starts.
 */
export async function searchTasks(
  db: Queryable,
  tenant: string,
  filters: TaskFilters,
  page: { sort: TaskSort; start?: PageStart; limit: number },
): Promise<{ tasks: Task[]; total: number; hasMore: boolean; lastKey: (string | number)[] | undefined }> {
  const { where, params } = taskWhere(tenant, filters);
  const key = SORT_KEYS[page.sort];
  const start = page.start ?? { after: undefined, seen: 0 };
  let after = '';
  if (start.after !== undefined) {
    const placeholders = key.parts.map((part, i) => {
      params.push(start.after?.[i]);
      return `$${params.length}::${part.type}`;
    });
    const columns = key.parts.map((part) => part.sql).join(', ');
    after = ` AND (${columns}) ${key.direction === 'ASC' ? '>' : '<'} (${placeholders.join(', ')})`;
  }
  // json_build_array keeps each key part exact (timestamps to the microsecond) for the cursor.
  const { rows } = await db.query<
    Parameters<typeof toTask>[0] & { total: number | string; sort_key: string }
  >(
    `SELECT ${TASK_COLUMNS}, count(*) OVER () AS total,
       json_build_array(${key.parts.map((part) => part.sql).join(', ')})::text AS sort_key
     FROM tasks WHERE ${where}${after}
     ORDER BY ${key.parts.map((part) => `${part.sql} ${key.direction}`).join(', ')} LIMIT ${page.limit + 1}`,
    params,
  );
  const remaining = rows[0] ? Number(rows[0].total) : 0;
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    tasks: shown.map(({ total: _total, sort_key: _key, ...row }) => toTask(row)),
    total: start.seen + remaining,
    hasMore: rows.length > page.limit,
    lastKey: last ? (JSON.parse(last.sort_key) as (string | number)[]) : undefined,
  };
}
