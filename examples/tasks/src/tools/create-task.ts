import type { McpServer } from 'lambda-mcp';
import * as z from 'zod';
import { findProject, isMember } from '../db/project-queries.ts';
import { insertTask } from '../db/task-queries.ts';
import { type TasksDeps, withDatabase } from './database-access.ts';
import * as shape from './schemas.ts';
import { notAMember, projectNotFound } from './tool-errors.ts';

export function registerCreateTask(server: McpServer, deps: TasksDeps): void {
  server.tool(
    'create_task',
    {
      title: 'Create task',
      description:
        'Create a task in a project. Use when the user asks to add, track or remember a piece of work. ' +
        'Always pass an idempotency_key (any unique string per intended task): if the call is retried, the first task is returned instead of a duplicate.',
      input: z.object({
        title: shape.title,
        description: shape.description.default(''),
        project_id: shape.projectId,
        assignee_id: shape.userId
          .optional()
          .describe('Who does it; must be a member of the project (see list_members)'),
        due_date: shape.isoDate.optional().describe(`Deadline. ${shape.DATE_RULE}`),
        priority: shape.priority.default('medium').describe('low, medium (default) or high'),
        idempotency_key: shape
          .text({ max: 200, trim: false })
          .optional()
          .describe('Unique per intended task; retries with the same key return the first task'),
      }),
      output: shape.taskOutput.extend({
        created: z
          .boolean()
          .describe('false when an earlier call with this idempotency_key already created it'),
      }),
      annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (input, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        if (!(await findProject(db, tenant, input.project_id))) throw projectNotFound(input.project_id);
        if (input.assignee_id !== undefined && !(await isMember(db, input.project_id, input.assignee_id))) {
          throw notAMember(input.assignee_id, input.project_id);
        }
        const { task, created } = await insertTask(db, tenant, {
          projectId: input.project_id,
          title: input.title,
          description: input.description,
          assigneeId: input.assignee_id ?? null,
          dueDate: input.due_date ?? null,
          priority: input.priority,
          idempotencyKey: input.idempotency_key ?? null,
        });
        return { ...task, created };
      }),
  );
}
