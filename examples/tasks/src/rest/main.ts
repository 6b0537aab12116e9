import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createJsonLogger, disposeAll, lifespan } from 'lambda-mcp';
import { openDatabase } from '../db/open-database.ts';
import { restListener } from './rest-listener.ts';
import { TASK_ROUTES } from './task-routes.ts';

// The task tracker's REST API, the "existing product" an MCP façade can stand in front of:
// `npm run rest -w examples/tasks`. Same database as the MCP server (PGlite under
// <repo>/.data/tasks, or DATABASE_URL), same API keys (`npm run keys -w examples/tasks`).
const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir =
  process.env.TASKS_DATA_DIR ?? fileURLToPath(new URL('../../../../.data/tasks', import.meta.url));
const logger = createJsonLogger({ service: 'tasks-rest' });
const db = lifespan(() => openDatabase({ databaseUrl, dataDir }), { dispose: (driver) => driver.close() });

const port = Number(process.env.PORT ?? 3100);
const host = process.env.HOST || '127.0.0.1';
const server = createServer(restListener(TASK_ROUTES, { db, logger }));
server.listen(port, host, () => {
  console.log(
    [
      `Tasks REST API on http://${host}:${port}`,
      `OpenAPI document: http://${host}:${port}/openapi.json`,
      'Every route needs an API key in x-api-key: npm run keys -w examples/tasks -- create --tenant <name> --scopes tasks:read,tasks:write',
      'Ctrl+C to stop.',
    ].join('\n'),
  );
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    // PGlite must close cleanly to keep its files consistent.
    void disposeAll().finally(() => process.exit(0));
  });
}
