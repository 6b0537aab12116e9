import type { McpServer } from 'lambda-mcp';
import * as z from 'zod';
import { readAccess } from '../access/scopes.ts';
import { findProject } from '../db/project-queries.ts';
import { projectStats } from '../db/project-stats.ts';
import { type TasksDeps, withDatabase } from './database-access.ts';
import * as shape from './schemas.ts';
import { projectNotFound } from './tool-errors.ts';

export function registerProjectStats(server: McpServer, deps: TasksDeps): void {
  server.tool(
    'get_project_stats',
    {
      title: 'Project statistics',
      description:
        'Progress of a project: task counts by status, overdue tasks, open and done work per assignee, and the completion rate (0..1). ' +
        'Use for "how is the project going", "who is overloaded", status reports.',
      input: z.object({ project_id: shape.projectId }),
      output: z.object({
        project_id: z.number(),
        total: z.number(),
        by_status: z.object({
          todo: z.number(),
          in_progress: z.number(),
          blocked: z.number(),
          done: z.number(),
        }),
        overdue: z.number(),
        completion_rate: z.number(),
        by_assignee: z.array(
          z.object({
            assignee_id: z.string().nullable(),
            open: z.number(),
            done: z.number(),
            overdue: z.number(),
          }),
        ),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
      auth: readAccess,
    },
    ({ project_id }, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        if (!(await findProject(db, tenant, project_id))) throw projectNotFound(project_id);
        return projectStats(db, tenant, project_id);
      }),
  );
}
