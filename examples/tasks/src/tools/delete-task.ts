import type { McpServer } from 'lambda-mcp';
import * as z from 'zod';
import { writeAccess } from '../access/scopes.ts';
import { deleteTask } from '../db/task-queries.ts';
import { type TasksDeps, withDatabase } from './database-access.ts';
import * as shape from './schemas.ts';
import { taskNotFound } from './tool-errors.ts';

export function registerDeleteTask(server: McpServer, deps: TasksDeps): void {
  server.tool(
    'delete_task',
    {
      title: 'Delete task',
      description:
        'Permanently delete a task. Only when the user explicitly asks to delete or remove it; to close finished work use complete_task instead.',
      input: z.object({ task_id: shape.taskId }),
      output: z.object({ deleted: shape.taskOutput }),
      annotations: { destructiveHint: true, idempotentHint: false, openWorldHint: false },
      auth: writeAccess,
    },
    ({ task_id }, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        const deleted = await deleteTask(db, tenant, task_id);
        if (!deleted) throw taskNotFound(task_id);
        return { deleted };
      }),
  );
}
