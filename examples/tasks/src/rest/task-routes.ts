import { ToolError } from 'lambda-mcp';
import * as z from 'zod';
import { findProject, isMember, listProjects } from '../db/project-queries.ts';
import { deleteTask, findTask, insertTask, updateTask } from '../db/task-queries.ts';
import { searchTasks, sortKeyTypes } from '../db/task-search.ts';
import { type PlacementErrors, projectFor } from '../tools/create-task.ts';
import {
  decodeCursor,
  encodeCursor,
  invalidCursor,
  isUnreadableCursorKey,
  type PageStart,
} from '../tools/cursor.ts';
import * as shape from '../tools/schemas.ts';
import { defineRoute, RestError, type RestRoute } from './rest-route.ts';

// The same argument shapes the MCP tools use (tools/schemas.ts): one set of rules for both doors.

const TASK = { name: 'Task', schema: shape.taskOutput };

/**
 * A whole number from the path or the query, in decimal digits only: `Number()` (and
 * z.coerce) would read "0x10" as 16, "1e3" as 1000 and " 7" as 7, so one task would answer
 * under many URLs. The document shows the number schema it is checked against.
 */
function decimal<T extends z.ZodType>(schema: T) {
  return z.preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    if (/^(0|-?[1-9][0-9]*)$/.test(value)) return Number(value);
    ctx.addIssue({ code: 'custom', message: 'must be a whole number in decimal digits', input: value });
    return z.NEVER;
  }, schema);
}

// The shared shapes describe their ids by the MCP tools that return them (list_tasks, ...);
// a REST client reads the REST operations instead.
const taskId = shape.taskId.describe('Task id, from GET /tasks or POST /tasks');
const projectId = shape.projectId.describe('Project id, from GET /projects');
const userId = shape.userId.describe('User id of a member of the project (e.g. an email or a username)');

const taskIdParams = z.object({ task_id: decimal(taskId) });

const taskNotFound = (id: number) => new RestError(404, 'NOT_FOUND', `Task ${id} not found.`);

/** How often PATCH without a version checks an assignee again after the task changed under it. */
const PATCH_ATTEMPTS = 3;

/** GET /projects without a limit: the 100 it always answered, now with next_cursor when there are more. */
const PROJECTS_PAGE = 100;

/** A cursor decodeCursor refuses (a ToolError for the MCP tools) as the REST API's 400. */
function restPageStart(decode: () => PageStart): PageStart {
  try {
    return decode();
  } catch (error) {
    if (error instanceof ToolError && error.code === 'VALIDATION_ERROR') {
      throw new RestError(400, 'VALIDATION_ERROR', error.message);
    }
    throw error;
  }
}

/** The REST API of the task tracker: CRUD over tasks and the (paged) list of projects. */
export const TASK_ROUTES: readonly RestRoute[] = [
  defineRoute({
    method: 'get',
    path: '/tasks',
    operationId: 'listTasks',
    summary: 'List tasks',
    description:
      'Tasks of the workspace, newest first, optionally filtered by project, status or assignee. Paged: pass next_cursor back as cursor for more.',
    scope: 'tasks:read',
    query: z.strictObject({
      project_id: decimal(projectId).optional(),
      status: shape.status.optional(),
      assignee_id: userId.optional(),
      limit: decimal(z.number().int().min(1).max(100).default(50)).describe(
        'At most this many tasks (1-100)',
      ),
      cursor: shape
        .text({ max: 2000, trim: false })
        .optional()
        .describe('next_cursor from the previous page, with the same filters'),
    }),
    status: 200,
    errors: { '404': 'No project with that project_id in the workspace.' },
    response: {
      name: 'TaskList',
      schema: z.object({
        tasks: z.array(shape.taskOutput),
        total: z
          .number()
          .int()
          .describe('How many tasks match the filters (on later pages: those already shown plus those left)'),
        next_cursor: z
          .string()
          .optional()
          .describe('Present when more tasks match: pass it as cursor, with the same filters'),
      }),
    },
    async handle({ query }, { db, tenant }) {
      // list_tasks's cursor (same order, same encoding, the filters in the same order): one
      // paging scheme for both doors, so a page past the first 100 tasks can be reached.
      const filters = { project_id: query.project_id, assignee_id: query.assignee_id, status: query.status };
      const paging = { ...filters, sort: 'created_desc' as const };
      const start = restPageStart(() =>
        decodeCursor(query.cursor, paging, 'GET /tasks', sortKeyTypes(paging.sort)),
      );
      const page = await searchTasks(
        db,
        tenant,
        { projectId: filters.project_id, status: filters.status, assigneeId: filters.assignee_id },
        { sort: paging.sort, start, limit: query.limit },
      ).catch((error: unknown) => {
        if (query.cursor !== undefined && isUnreadableCursorKey(error)) {
          throw new RestError(400, 'VALIDATION_ERROR', invalidCursor('GET /tasks').message);
        }
        throw error;
      });
      // As list_tasks: no rows for a project_id may mean a wrong id, which an empty list would hide.
      if (page.tasks.length === 0 && filters.project_id !== undefined) {
        if (!(await findProject(db, tenant, filters.project_id))) {
          throw REST_PLACEMENT_ERRORS.projectNotFound(filters.project_id);
        }
      }
      const next = { after: page.lastKey, seen: start.seen + page.tasks.length };
      return {
        tasks: page.tasks,
        total: page.total,
        ...(page.hasMore ? { next_cursor: encodeCursor(next, paging) } : {}),
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/tasks',
    operationId: 'createTask',
    summary: 'Create a task',
    description:
      'Creates a task in a project, or in the Inbox project when no project_id is given. Send an Idempotency-Key to retry safely: a retry with the same key answers the task the first request created instead of creating another.',
    scope: 'tasks:write',
    headers: z.object({
      'idempotency-key': shape
        .text({ max: 200, trim: false })
        .optional()
        .describe('Unique per intended task (a UUID, say): a retry with the same key answers the first task'),
    }),
    body: z.strictObject({
      title: shape.title,
      description: shape.description.optional(),
      project_id: projectId.optional(),
      assignee_id: userId.optional(),
      priority: shape.priority.optional(),
      due_date: shape.isoDate.optional().describe(`Deadline. ${shape.DATE_RULE}`),
    }),
    status: 201,
    response: TASK,
    errors: {
      '404': 'No project with that project_id in the workspace.',
      '422': 'The assignee is not a member of the project (or of the Inbox).',
    },
    async handle({ headers, body }, { db, tenant }) {
      const projectId = await projectFor(
        db,
        tenant,
        body.project_id,
        body.assignee_id,
        REST_PLACEMENT_ERRORS,
      );
      const { task } = await insertTask(db, tenant, {
        projectId,
        title: body.title,
        description: body.description ?? '',
        assigneeId: body.assignee_id ?? null,
        dueDate: body.due_date ?? null,
        priority: body.priority ?? 'medium',
        idempotencyKey: headers['idempotency-key'] ?? null,
      });
      // A retry answers as the first request did (201 and the task): the client, or a model
      // behind the façade, needs no second path for "it already existed".
      return task;
    },
    // Relative, so it stays right behind a proxy or stage that adds a path prefix (RFC 9110 allows it).
    location: (task) => `tasks/${task.id}`,
  }),
  defineRoute({
    method: 'get',
    path: '/tasks/{task_id}',
    operationId: 'getTask',
    summary: 'Get a task',
    description: 'One task by id.',
    scope: 'tasks:read',
    params: taskIdParams,
    status: 200,
    response: TASK,
    async handle({ params }, { db, tenant }) {
      return (await findTask(db, tenant, params.task_id)) ?? Promise.reject(taskNotFound(params.task_id));
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/tasks/{task_id}',
    operationId: 'updateTask',
    summary: 'Update a task',
    description:
      'Changes the given fields (at least one besides version); fields left out stay as they are, null clears assignee_id or due_date. With version, the change applies only if the task is still at that version (409 otherwise).',
    scope: 'tasks:write',
    params: taskIdParams,
    body: z.strictObject({
      title: shape.title.optional(),
      description: shape.description.optional(),
      status: shape.status.optional(),
      priority: shape.priority.optional(),
      assignee_id: userId.nullable().optional(),
      due_date: shape.isoDate.nullable().optional(),
      version: shape.version
        .describe(
          'The version you last read (from GET /tasks/{task_id} or GET /tasks); the change is refused (409) if the task changed since',
        )
        .optional(),
    }),
    status: 200,
    response: TASK,
    errors: { '422': "The assignee is not a member of the task's project." },
    async handle({ params, body }, { db, tenant }) {
      const { version, ...changes } = body;
      // As update_task: a call that changes nothing is a mistake (a misspelt field, say), not a new version.
      if (Object.values(changes).every((value) => value === undefined)) {
        throw new RestError(
          400,
          'VALIDATION_ERROR',
          'body: nothing to change; pass at least one of title, description, status, priority, assignee_id, due_date',
        );
      }
      for (let attempt = 1; ; attempt++) {
        // As update_task: a task is assigned only to a member of its project. The change then
        // applies to the version checked, so a move of the task meanwhile (MCP update_task) is
        // not undone; without a version from the client the check is made again.
        let checked: number | undefined;
        if (changes.assignee_id) {
          const task = await findTask(db, tenant, params.task_id);
          if (!task) throw taskNotFound(params.task_id);
          if (!(await isMember(db, task.project_id, changes.assignee_id)))
            throw REST_PLACEMENT_ERRORS.notAMember(changes.assignee_id, task.project_id);
          checked = task.version;
        }
        const outcome = await updateTask(db, tenant, params.task_id, changes, version ?? checked);
        if (outcome.kind === 'not_found') throw taskNotFound(params.task_id);
        if (outcome.kind !== 'conflict') return outcome.task;
        if (version === undefined && attempt < PATCH_ATTEMPTS) continue;
        throw new RestError(
          409,
          'CONFLICT',
          version === undefined
            ? `Task ${params.task_id} kept changing while it was being updated: read it again and retry.`
            : `Task ${params.task_id} is at version ${outcome.current.version}, not ${version}: read it again and retry.`,
        );
      }
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/tasks/{task_id}',
    operationId: 'deleteTask',
    summary: 'Delete a task',
    description: 'Deletes a task for good.',
    scope: 'tasks:write',
    params: taskIdParams,
    status: 204,
    async handle({ params }, { db, tenant }) {
      if (!(await deleteTask(db, tenant, params.task_id))) throw taskNotFound(params.task_id);
      return undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/projects',
    operationId: 'listProjects',
    summary: 'List projects',
    description:
      'Projects of the workspace with their open task and member counts, oldest first. Paged: pass next_cursor back as cursor for more.',
    scope: 'tasks:read',
    query: z.strictObject({
      limit: decimal(z.number().int().min(1).max(100).default(PROJECTS_PAGE)).describe(
        'At most this many projects (1-100)',
      ),
      cursor: shape
        .text({ max: 2000, trim: false })
        .optional()
        .describe('next_cursor from the previous page'),
    }),
    status: 200,
    response: {
      name: 'ProjectList',
      schema: z.object({
        projects: z.array(shape.projectOutput),
        next_cursor: z
          .string()
          .optional()
          .describe('Present when there are more projects: pass it as cursor'),
      }),
    },
    async handle({ query }, { db, tenant }) {
      // The cursor of list_projects (same order, same encoding): one paging scheme for both doors.
      const start = restPageStart(() => decodeCursor(query.cursor, 'projects', 'GET /projects', ['bigint']));
      const afterId = start.after?.[0] as number | undefined;
      const page = await listProjects(db, tenant, { afterId, limit: query.limit });
      const last = page.projects.at(-1);
      const next = { after: last ? [last.id] : undefined, seen: start.seen + page.projects.length };
      return {
        projects: page.projects,
        ...(page.hasMore ? { next_cursor: encodeCursor(next, 'projects') } : {}),
      };
    },
  }),
];

/** create_task's placement rules, with errors a REST client reads. */
const REST_PLACEMENT_ERRORS: PlacementErrors = {
  projectNotFound: (projectId) => new RestError(404, 'NOT_FOUND', `Project ${projectId} not found.`),
  notAMember: (assigneeId, projectId) =>
    new RestError(
      422,
      'VALIDATION_ERROR',
      `assignee_id: "${assigneeId}" is not a member of project ${projectId}.`,
    ),
  notAnInboxMember: (assigneeId) =>
    new RestError(
      422,
      'VALIDATION_ERROR',
      `assignee_id: "${assigneeId}" is not a member of the Inbox, where tasks without a project_id go.`,
    ),
};
