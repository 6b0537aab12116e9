import type { McpServer } from 'lambda-mcp';
import * as z from 'zod';
import { writeAccess } from '../access/scopes.ts';
import { isMember } from '../db/project-queries.ts';
import { findTask, updateTask } from '../db/task-queries.ts';
import { type TasksDeps, withDatabase } from './database-access.ts';
import * as shape from './schemas.ts';
import { notAMember, staleVersion, taskNotFound } from './tool-errors.ts';

/** How often assign_task without a version checks again after the task changed under it. */
const ASSIGN_ATTEMPTS = 3;

export function registerAssignTask(server: McpServer, deps: TasksDeps): void {
  server.tool(
    'assign_task',
    {
      title: 'Assign task',
      description:
        'Give a task to a project member (or pass assignee_id null to unassign). Use when the user says "give X to Y" or "I will take task 12". ' +
        "The assignee must be a member of the task's project (see list_members). Assigning the current assignee again changes nothing.",
      input: z.object({
        task_id: shape.taskId,
        assignee_id: shape.userId.nullable(),
        version: shape.version.optional(),
      }),
      output: shape.taskOutput,
      annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: false },
      auth: writeAccess,
    },
    ({ task_id, assignee_id, version }, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        for (let attempt = 1; ; attempt++) {
          const task = await findTask(db, tenant, task_id);
          if (!task) throw taskNotFound(task_id);
          // As complete_task: a repeated assignment must not bump the version and make the caller's next update conflict.
          if (task.assignee_id === assignee_id && (version === undefined || version === task.version))
            return task;
          if (assignee_id !== null && !(await isMember(db, task.project_id, assignee_id))) {
            throw notAMember(assignee_id, task.project_id);
          }
          // Membership was checked in the project of this version of the task: the change applies
          // to that version only, so an update_task moving the task meanwhile is not undone.
          const outcome = await updateTask(db, tenant, task_id, { assignee_id }, version ?? task.version, {
            unlessAlready: true,
          });
          if (outcome.kind === 'not_found') throw taskNotFound(task_id);
          if (outcome.kind !== 'conflict') return outcome.task;
          // The caller asked for no particular version: check again against the task as it is now.
          if (version !== undefined || attempt === ASSIGN_ATTEMPTS) {
            throw staleVersion(version ?? task.version, outcome.current);
          }
        }
      }),
  );
}
