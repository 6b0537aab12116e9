import { ToolError } from 'lambda-mcp';
import type { Task } from '../db/task-queries.ts';

/** Each message names the id and the tool that lists the valid ones, so the AI can recover on its own. */
export const taskNotFound = (id: number) =>
  new ToolError(`Task ${id} not found. Call list_tasks to see valid ids.`, {
    code: 'NOT_FOUND',
    details: { id },
  });

export const projectNotFound = (id: number) =>
  new ToolError(
    `Project ${id} not found. Call list_projects to see valid ids, or create_project to make one.`,
    {
      code: 'NOT_FOUND',
      details: { project_id: id },
    },
  );

export const notAMember = (userId: string, projectId: number) =>
  new ToolError(
    `User "${userId}" is not a member of project ${projectId}. Call list_members to see who can be assigned, or add_member to add them.`,
    { code: 'NOT_FOUND', details: { assignee_id: userId, project_id: projectId } },
  );

/** update_task moving a task whose assignee is not in the destination project. */
export const assigneeLeftBehind = (taskId: number, userId: string, projectId: number) =>
  new ToolError(
    `Task ${taskId} is assigned to "${userId}", who is not a member of project ${projectId}. Call add_member to add them to project ${projectId}, or pass assignee_id null (or another member's id) with project_id.`,
    { code: 'NOT_FOUND', details: { assignee_id: userId, project_id: projectId } },
  );

export const staleVersion = (sent: number, current: Task) =>
  new ToolError(
    `Task ${current.id} was changed by someone else: it is at version ${current.version}, you sent version ${sent}. Call get_task to read the current task, then retry with version ${current.version}.`,
    { code: 'CONFLICT', details: { id: current.id, current_version: current.version } },
  );

export const invalidField = (field: string, message: string) =>
  new ToolError(`${field}: ${message}`, { code: 'VALIDATION_ERROR', details: { field } });

/**
 * An id in a resource URI or a prompt argument that is not one: shown escaped and cut short
 * (it may hold anything, NUL included), with the range and where to find valid ids.
 */
export const invalidId = (kind: 'task' | 'project', raw: string, field?: string) => {
  const shown = JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
  const message = `${shown} is not a ${kind} id: ids are whole numbers from 1 to ${Number.MAX_SAFE_INTEGER}. Call list_${kind}s to see valid ids.`;
  return new ToolError(field ? `${field}: ${message}` : message, {
    code: 'VALIDATION_ERROR',
    details: { field: field ?? 'id' },
  });
};

/** The database did not finish in time and the transaction was rolled back: safe to retry as is. */
export const rolledBack = () =>
  new ToolError(
    'The database did not finish before the request deadline, so the change was rolled back: nothing was saved. Call the tool again; for list_tasks, a smaller limit or more filters help.',
    { code: 'TIMEOUT' },
  );

/** assignee_id without project_id: the task would go to the Inbox, and the assignee is not in it. */
export const notAnInboxMember = (userId: string) =>
  new ToolError(
    `User "${userId}" is not a member of the Inbox, where tasks without a project_id go. Pass the project_id of a project they belong to (see list_projects and list_members), or create the task without assignee_id.`,
    { code: 'NOT_FOUND', details: { assignee_id: userId } },
  );
