import { createServer, type McpServer, ToolError } from 'lambda-mcp';
import * as z from 'zod';
import type { TaskStore } from './task-store.ts';
import { taskStoreFromEnv } from './task-store-from-env.ts';

const task = z.object({
  id: z.string(),
  title: z.string(),
  done: z.boolean(),
  createdAt: z.string(),
  completedAt: z.string().optional(),
});

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
      input: z.object({ title: z.string().trim().min(1).max(200).describe('What to do') }),
      output: task,
    },
    ({ title }, ctx) => store.create(tenantOf(ctx.auth), title),
  );

  server.tool(
    'list_tasks',
    {
      title: 'List tasks',
      description: 'The to-do list, oldest first. Use to answer what is left to do, or to find a task id.',
      input: z.object({
        include_done: z.boolean().default(false).describe('Also list completed tasks'),
      }),
      output: z.object({ tasks: z.array(task) }),
      annotations: { readOnlyHint: true },
    },
    async ({ include_done }, ctx) => {
      const tasks = await store.list(tenantOf(ctx.auth));
      return { tasks: include_done ? tasks : tasks.filter((t) => !t.done) };
    },
  );

  server.tool(
    'complete_task',
    {
      title: 'Complete a task',
      description: 'Marks a task done. Completing a task twice is harmless.',
      input: z.object({ id: z.string().min(1).describe('The task id, from list_tasks') }),
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
