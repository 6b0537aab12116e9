import type { McpServer } from 'lambda-mcp';
import * as z from 'zod';
import { writeAccess } from '../access/scopes.ts';
import { findTask, updateTask } from '../db/task-queries.ts';
import { type TasksDeps, withDatabase } from './database-access.ts';
import * as shape from './schemas.ts';
import { staleVersion, taskNotFound } from './tool-errors.ts';

export function registerCompleteTask(server: McpServer, deps: TasksDeps): void {
  server.tool(
    'complete_task',
    {
      title: 'Complete task',
      description:
        'Mark a task done. Use when the user says a task is finished, shipped or closed. Completing a done task again changes nothing.',
      input: z.object({ task_id: shape.taskId, version: shape.version.optional() }),
      output: shape.taskOutput,
      annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: false },
      auth: writeAccess,
    },
    ({ task_id, version }, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        const task = await findTask(db, tenant, task_id);
        if (!task) throw taskNotFound(task_id);
        // A retried completion must not bump the version and make the caller's next update conflict.
        if (task.status === 'done' && (version === undefined || version === task.version)) return task;
        const outcome = await updateTask(db, tenant, task_id, { status: 'done' }, version, {
          unlessAlready: true,
        });
        if (outcome.kind === 'not_found') throw taskNotFound(task_id);
        if (outcome.kind === 'conflict') throw staleVersion(version ?? task.version, outcome.current);
        return outcome.task;
      }),
  );
}
