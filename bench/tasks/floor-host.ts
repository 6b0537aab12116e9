/**
 * The floor: the same SQL as the tasks server's create_task and list_tasks (the same
 * data-access functions and driver), behind a bare node:http server that parses the
 * JSON-RPC body and answers with the rows. No MCP framework, no argument validation, no
 * logs: what the database and HTTP cost on their own.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../../examples/tasks/src/db/open-database.ts';
import { poolSizeFromEnv } from '../../examples/tasks/src/db/pool-size.ts';
import { findProject, insertProject } from '../../examples/tasks/src/db/project-queries.ts';
import { insertTask, type TaskPriority, type TaskStatus } from '../../examples/tasks/src/db/task-queries.ts';
import { searchTasks, type TaskSort } from '../../examples/tasks/src/db/task-search.ts';
import { DEFAULT_TENANT } from '../../examples/tasks/src/tools/database-access.ts';
import { announce } from './host-ready.ts';

const db = await openDatabase({
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir: process.env.TASKS_DATA_DIR,
  poolSize: poolSizeFromEnv(process.env),
});

interface Args {
  name: string;
  project_id: number;
  title: string;
  description: string;
  due_date: string;
  priority: TaskPriority;
  idempotency_key: string;
  status: TaskStatus;
  sort: TaskSort;
  limit: number;
}
type Call = { id: number; params: { name: string; arguments: Args } };

async function answer(call: Call): Promise<unknown> {
  const args = call.params.arguments;
  if (call.params.name === 'create_task') {
    if (!(await findProject(db, DEFAULT_TENANT, args.project_id))) throw new Error('no such project');
    const { task, created } = await insertTask(db, DEFAULT_TENANT, {
      projectId: args.project_id,
      title: args.title,
      description: args.description,
      assigneeId: null,
      dueDate: new Date(args.due_date).toISOString(),
      priority: args.priority,
      idempotencyKey: args.idempotency_key,
    });
    return { ...task, created };
  }
  if (call.params.name === 'list_tasks') {
    const page = await searchTasks(
      db,
      DEFAULT_TENANT,
      { projectId: args.project_id, status: args.status },
      { sort: args.sort, limit: args.limit },
    );
    return { tasks: page.tasks, total: page.total };
  }
  if (call.params.name === 'create_project') {
    return insertProject(db, DEFAULT_TENANT, args.name, '');
  }
  throw new Error(`floor does not implement ${call.params.name}`);
}

const server = createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  try {
    const call = JSON.parse(body) as Call;
    const structuredContent = await answer(call);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', id: call.id, result: { content: [], structuredContent } }));
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(error));
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
announce(`http://127.0.0.1:${port}/mcp`, async () => {
  server.close();
  server.closeAllConnections();
  await db.close();
});
