import { createServer, type McpServer, ToolError } from 'lambda-mcp';
import type { TaskStore } from './task-store.ts';
import { taskStoreFromEnv } from './task-store-from-env.ts';

// Schemas are plain JSON Schema written in place (`as const` where shared), which types the
// handlers' arguments and returns with no schema library in the Lambda bundle. zod schemas
// work too (`npm i zod`, `input: z.object({...})`), at ~90 KB of bundle and a slower cold start.
const task = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    done: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    completedAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'title', 'done', 'createdAt'],
} as const;

/** The tasks MCP server over a store; `server` below is the one the entries serve. */
export function createTasksServer(store: TaskStore): McpServer {
  const server = createServer({
    name: 'example/tasks',
    version: '1.0.0',
    title: 'Tasks',
    description: 'A to-do list: add tasks, list them, mark them done.',
    instructions: 'Call list_tasks to learn task ids before complete_task.',
  });
  // Each API key's tenant has a list of its own; without keys everyone shares `public`.
  const tenantOf = (auth: { tenant?: string } | undefined) => auth?.tenant ?? 'public';

  server.tool(
    'create_task',
    {
      title: 'Create a task',
      description: 'Adds a task to the to-do list. Use when the user asks to remember or plan something.',
      input: {
        type: 'object',
        properties: { title: { type: 'string', minLength: 1, maxLength: 200, description: 'What to do' } },
        required: ['title'],
      },
      output: task,
    },
    ({ title }, ctx) => {
      if (title.trim() === '')
        throw new ToolError('title is only white space: say in a few words what the task is.', {
          code: 'VALIDATION_ERROR',
        });
      return store.create(tenantOf(ctx.auth), title.trim());
    },
  );

  server.tool(
    'list_tasks',
    {
      title: 'List tasks',
      description: 'The to-do list, oldest first. Use to answer what is left to do, or to find a task id.',
      input: {
        type: 'object',
        properties: {
          include_done: { type: 'boolean', default: false, description: 'Also list completed tasks' },
        },
      },
      output: { type: 'object', properties: { tasks: { type: 'array', items: task } }, required: ['tasks'] },
      annotations: { readOnlyHint: true },
    },
    async ({ include_done = false }, ctx) => {
      const tasks = await store.list(tenantOf(ctx.auth));
      return { tasks: include_done ? tasks : tasks.filter((t) => !t.done) };
    },
  );

  server.tool(
    'complete_task',
    {
      title: 'Complete a task',
      description: 'Marks a task done. Completing a task twice is harmless.',
      input: {
        type: 'object',
        properties: { id: { type: 'string', minLength: 1, description: 'The task id, from list_tasks' } },
        required: ['id'],
      },
      output: task,
      annotations: { idempotentHint: true },
    },
    async ({ id }, ctx) => {
      const done = await store.complete(tenantOf(ctx.auth), id);
      if (!done)
        throw new ToolError(`Task ${id} not found. Call list_tasks to see valid ids.`, { code: 'NOT_FOUND' });
      return done;
    },
  );
  return server;
}

export const server = createTasksServer(taskStoreFromEnv());
