import type { Queryable } from './driver.ts';

export interface ProjectStats {
  project_id: number;
  total: number;
  by_status: { todo: number; in_progress: number; blocked: number; done: number };
  overdue: number;
  /** Done tasks over all tasks, 0..1 (0 for an empty project). */
  completion_rate: number;
  by_assignee: { assignee_id: string | null; open: number; done: number; overdue: number }[];
}

type Count = number | string;

/** Counts in one pass over the project's tasks (served by the tasks_project index). */
export async function projectStats(db: Queryable, tenant: string, projectId: number): Promise<ProjectStats> {
  const { rows } = await db.query<{
    assignee_id: string | null;
    todo: Count;
    in_progress: Count;
    blocked: Count;
    done: Count;
    overdue: Count;
  }>(
    `SELECT assignee_id,
       count(*) FILTER (WHERE status = 'todo') AS todo,
       count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
       count(*) FILTER (WHERE status = 'blocked') AS blocked,
       count(*) FILTER (WHERE status = 'done') AS done,
       count(*) FILTER (WHERE status <> 'done' AND due_date < now()) AS overdue
     FROM tasks WHERE tenant_id = $1 AND project_id = $2
     GROUP BY assignee_id ORDER BY assignee_id NULLS LAST`,
    [tenant, projectId],
  );
  const byStatus = { todo: 0, in_progress: 0, blocked: 0, done: 0 };
  let overdue = 0;
  const byAssignee = rows.map((row) => {
    const counts = {
      todo: Number(row.todo),
      in_progress: Number(row.in_progress),
      blocked: Number(row.blocked),
      done: Number(row.done),
    };
    for (const key of Object.keys(byStatus) as (keyof typeof byStatus)[]) byStatus[key] += counts[key];
    overdue += Number(row.overdue);
    return {
      assignee_id: row.assignee_id,
      open: counts.todo + counts.in_progress + counts.blocked,
      done: counts.done,
      overdue: Number(row.overdue),
    };
  });
  const total = byStatus.todo + byStatus.in_progress + byStatus.blocked + byStatus.done;
  return {
    project_id: projectId,
    total,
    by_status: byStatus,
    overdue,
    completion_rate: total === 0 ? 0 : Math.round((byStatus.done / total) * 1000) / 1000,
    by_assignee: byAssignee,
  };
}
