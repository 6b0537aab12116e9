import { createServer, type Logger, type McpServer } from 'lambda-mcp';
import { registerPrompts } from './prompts.ts';
import { registerResources } from './resources.ts';
import { registerAssignTask } from './tools/assign-task.ts';
import { registerCompleteTask } from './tools/complete-task.ts';
import { registerCreateTask } from './tools/create-task.ts';
import type { DatabaseHandle } from './tools/database-access.ts';
import { registerDeleteTask } from './tools/delete-task.ts';
import { registerGetTask } from './tools/get-task.ts';
import { registerListTasks } from './tools/list-tasks.ts';
import { registerMemberTools } from './tools/members.ts';
import { registerProjectStats } from './tools/project-stats.ts';
import { registerProjectTools } from './tools/projects.ts';
import { registerUpdateTask } from './tools/update-task.ts';

export interface TasksServerOptions {
  /** The database, opened on first use (a `lifespan` around `openDatabase`). */
  db: DatabaseHandle;
  logger?: Logger;
}

/** The task-management MCP server, independent of where it runs (node, Lambda, fetch hosts). */
export function createTasksServer(options: TasksServerOptions): McpServer {
  const server = createServer({
    name: 'lambda-mcp/tasks',
    version: '1.0.0',
    title: 'Tasks',
    description:
      'Task management for teams: projects, members, tasks with due dates, priorities and assignees.',
    instructions:
      'Tasks live in projects; create_task needs only a title and puts a task without project_id in the Inbox project; update_task with project_id moves a task to another project. ' +
      'Find ids with list_projects, list_tasks and list_members before acting on them. ' +
      'Pass an idempotency_key to create_task, and the version from get_task to update_task. ' +
      'On SERVICE_UNAVAILABLE wait a few seconds and retry; on CONFLICT re-read the task first.',
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const deps = { db: options.db };
  registerCreateTask(server, deps);
  registerGetTask(server, deps);
  registerListTasks(server, deps);
  registerUpdateTask(server, deps);
  registerAssignTask(server, deps);
  registerCompleteTask(server, deps);
  registerDeleteTask(server, deps);
  registerProjectTools(server, deps);
  registerProjectStats(server, deps);
  registerMemberTools(server, deps);
  registerResources(server, deps);
  registerPrompts(server, deps);
  return server;
}
