import type { McpServer } from 'lambda-mcp';
import * as z from 'zod';
import { readAccess } from '../access/scopes.ts';
import { findTask } from '../db/task-queries.ts';
import { type TasksDeps, withDatabase } from './database-access.ts';
import * as shape from './schemas.ts';
import { taskNotFound } from './tool-errors.ts';

export function registerGetTask(server: McpServer, deps: TasksDeps): void {
  server.tool(
    'get_task',
    {
      title: 'Get task',
      description:
        'Read one task with all its fields, including its current version. Use before update_task, or when the user asks about a specific task by id.',
      input: z.object({ task_id: shape.taskId }),
      output: shape.taskOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
      auth: readAccess,
    },
    ({ task_id }, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        const task = await findTask(db, tenant, task_id);
        if (!task) throw taskNotFound(task_id);
        return task;
      }),
  );
}
