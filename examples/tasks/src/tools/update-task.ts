import type { McpServer } from 'lambda-mcp';
import * as z from 'zod';
import { writeAccess } from '../access/scopes.ts';
import { isMember } from '../db/project-queries.ts';
import { findTask, type TaskChanges, updateTask } from '../db/task-queries.ts';
import { type TasksDeps, withDatabase } from './database-access.ts';
import * as shape from './schemas.ts';
import { invalidField, notAMember, staleVersion, taskNotFound } from './tool-errors.ts';

export function registerUpdateTask(server: McpServer, deps: TasksDeps): void {
  server.tool(
    'update_task',
    {
      title: 'Update task',
      description:
        'Change some fields of a task; fields you omit stay as they are (null clears due_date or assignee_id). ' +
        'Pass the version from get_task: if someone changed the task since, you get CONFLICT and should re-read it.',
      input: z.object({
        task_id: shape.taskId,
        version: shape.version,
        title: shape.title.optional(),
        description: shape.description.optional(),
        status: shape.status.optional(),
        priority: shape.priority.optional(),
        due_date: shape.isoDate
          .nullable()
          .optional()
          .describe(`New deadline, or null to clear it. ${shape.DATE_RULE}`),
        assignee_id: shape.userId.nullable().optional(),
      }),
      output: shape.taskOutput,
      annotations: { destructiveHint: false, idempotentHint: false, openWorldHint: false },
      auth: writeAccess,
    },
    ({ task_id, version, ...changes }, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        if (Object.values(changes).every((value) => value === undefined)) {
          throw invalidField(
            'task_id',
            'nothing to change; pass at least one of title, description, status, priority, due_date, assignee_id',
          );
        }
        if (changes.assignee_id) {
          const task = await findTask(db, tenant, task_id);
          if (!task) throw taskNotFound(task_id);
          if (!(await isMember(db, task.project_id, changes.assignee_id)))
            throw notAMember(changes.assignee_id, task.project_id);
        }
        const outcome = await updateTask(db, tenant, task_id, changes satisfies TaskChanges, version);
        if (outcome.kind === 'not_found') throw taskNotFound(task_id);
        if (outcome.kind === 'conflict') throw staleVersion(version, outcome.current);
        return outcome.task;
      }),
  );
}
