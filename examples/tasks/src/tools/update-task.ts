import type { McpServer } from 'lambda-mcp';
import * as z from 'zod';
import { writeAccess } from '../access/scopes.ts';
import { findProject, isMember } from '../db/project-queries.ts';
import { findTask, type TaskChanges, updateTask } from '../db/task-queries.ts';
import { type TasksDeps, withDatabase } from './database-access.ts';
import * as shape from './schemas.ts';
import {
  assigneeLeftBehind,
  invalidField,
  notAMember,
  projectNotFound,
  staleVersion,
  taskNotFound,
} from './tool-errors.ts';

export function registerUpdateTask(server: McpServer, deps: TasksDeps): void {
  server.tool(
    'update_task',
    {
      title: 'Update task',
      description:
        'Change some fields of a task; fields you omit stay as they are (null clears due_date or assignee_id); project_id moves it to another project, whose member its assignee must be. ' +
        'Pass the version from get_task: if someone changed the task since, you get CONFLICT and should re-read it.',
      input: z.object({
        task_id: shape.taskId,
        version: shape.version,
        project_id: shape.projectId
          .optional()
          .describe('Move the task to this project (from list_projects), e.g. out of the Inbox'),
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
            'nothing to change; pass at least one of project_id, title, description, status, priority, due_date, assignee_id',
          );
        }
        // A task is assigned only to a member of its project: the new assignee, or the current
        // one when the task moves to another project.
        if (changes.assignee_id || changes.project_id !== undefined) {
          const task = await findTask(db, tenant, task_id);
          if (!task) throw taskNotFound(task_id);
          // Checked against what the caller last read before judging the assignee it may not know about.
          if (task.version !== version) throw staleVersion(version, task);
          const projectId = changes.project_id ?? task.project_id;
          if (changes.project_id !== undefined && !(await findProject(db, tenant, projectId))) {
            throw projectNotFound(projectId);
          }
          const assignee = changes.assignee_id === undefined ? task.assignee_id : changes.assignee_id;
          if (assignee !== null && !(await isMember(db, projectId, assignee))) {
            throw changes.assignee_id
              ? notAMember(assignee, projectId)
              : assigneeLeftBehind(task_id, assignee, projectId);
          }
        }
        const outcome = await updateTask(db, tenant, task_id, changes satisfies TaskChanges, version);
        if (outcome.kind === 'not_found') throw taskNotFound(task_id);
        if (outcome.kind === 'conflict') throw staleVersion(version, outcome.current);
        return outcome.task;
      }),
  );
}
