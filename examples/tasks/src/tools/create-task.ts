import type { McpServer } from 'lambda-mcp';
import * as z from 'zod';
import { writeAccess } from '../access/scopes.ts';
import type { Queryable } from '../db/driver.ts';
import { findInboxId, findProject, inboxId, isMember } from '../db/project-queries.ts';
import { insertTask } from '../db/task-queries.ts';
import { type TasksDeps, withDatabase } from './database-access.ts';
import * as shape from './schemas.ts';
import { notAMember, notAnInboxMember, projectNotFound } from './tool-errors.ts';

export function registerCreateTask(server: McpServer, deps: TasksDeps): void {
  server.tool(
    'create_task',
    {
      title: 'Create task',
      description:
        'Create a task. Use when the user asks to add, track or remember a piece of work. Only title is required: ' +
        'without project_id the task goes to the Inbox project of this workspace (created on first use). ' +
        'Always pass an idempotency_key (any unique string per intended task): if the call is retried, the first task is returned instead of a duplicate.',
      input: z.object({
        title: shape.title,
        description: shape.description.default(''),
        project_id: shape.projectId
          .optional()
          .describe('Project id, from list_projects; omit it to put the task in the Inbox'),
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
      // Not idempotent as such: the same arguments without an idempotency_key make a second task.
      annotations: { destructiveHint: false, idempotentHint: false, openWorldHint: false },
      auth: writeAccess,
    },
    (input, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        const projectId = await projectFor(db, tenant, input.project_id, input.assignee_id);
        const { task, created } = await insertTask(db, tenant, {
          projectId,
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

/** What `projectFor` throws: the tools' errors by default, the REST API's own for it. */
export interface PlacementErrors {
  projectNotFound(projectId: number): Error;
  notAMember(assigneeId: string, projectId: number): Error;
  notAnInboxMember(assigneeId: string): Error;
}

const TOOL_ERRORS: PlacementErrors = { projectNotFound, notAMember, notAnInboxMember };

/**
 * Where the task goes: the given project (which must exist, with the assignee as a member),
 * else the Inbox. An Inbox is not created for a call refused for its assignee: the
 * transaction would roll it back, and the error would name a project that does not exist.
 * The REST API's createTask follows the same rules with its own errors.
 */
export async function projectFor(
  db: Queryable,
  tenant: string,
  projectId: number | undefined,
  assigneeId: string | undefined,
  errors: PlacementErrors = TOOL_ERRORS,
): Promise<number> {
  if (projectId === undefined) {
    if (assigneeId === undefined) return inboxId(db, tenant);
    const inbox = await findInboxId(db, tenant);
    if (inbox === undefined || !(await isMember(db, inbox, assigneeId)))
      throw errors.notAnInboxMember(assigneeId);
    return inbox;
  }
  if (!(await findProject(db, tenant, projectId))) throw errors.projectNotFound(projectId);
  if (assigneeId !== undefined && !(await isMember(db, projectId, assigneeId))) {
    throw errors.notAMember(assigneeId, projectId);
  }
  return projectId;
}
