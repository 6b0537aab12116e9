import { fileURLToPath } from 'node:url';
import { createJsonLogger, lifespan } from 'lambda-mcp';
import { serve } from 'lambda-mcp/node';
import { openDatabase } from './db/open-database.ts';
import { redactConnectionString } from './db/redact-connection-string.ts';
import { createTasksServer } from './server.ts';

// Local entry point: `npm start` at the repository root. PGlite under <repo>/.data/tasks
// unless DATABASE_URL points at a Postgres server (DB_POOL_SIZE connections, default 1).
const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = process.env.TASKS_DATA_DIR ?? fileURLToPath(new URL('../../../.data/tasks', import.meta.url));
const logger = createJsonLogger({ service: 'tasks' });

const db = lifespan(
  () =>
    openDatabase({
      databaseUrl,
      dataDir,
      poolSize: process.env.DB_POOL_SIZE ? Number(process.env.DB_POOL_SIZE) : undefined,
      onPoolError: (error) => logger.warn('idle database connection lost', { error }),
    }),
  { dispose: (driver) => driver.close() },
);
const server = createTasksServer({ db, logger });

const port = Number(process.env.PORT ?? 3000);
// On Ctrl+C or SIGTERM, serve lets in-flight requests finish, then closes the database
// (disposeAll): PGlite must close cleanly to keep its files consistent.
const running = await serve(server, { port }).catch((error: NodeJS.ErrnoException) => {
  if (error.code !== 'EADDRINUSE') throw error;
  console.error(
    `Port ${port} is already in use. Stop the other server or pick another port: PORT=3001 npm start`,
  );
  process.exit(1);
});
// Opened now rather than on the first call, so a bad DATABASE_URL shows up at start, not mid-conversation.
const driver = await db.get().catch((error: unknown) => {
  logger.error('could not open the database; tools answer SERVICE_UNAVAILABLE until it is reachable', {
    error,
  });
  return undefined;
});

const clientConfig = { mcpServers: { tasks: { type: 'http', url: running.url } } };
console.log(
  [
    `Tasks MCP server on ${running.url}`,
    `Database: ${driver?.description ?? (databaseUrl ? `${redactConnectionString(databaseUrl)} (not reachable yet)` : dataDir)}`,
    '',
    'Connect a client:',
    `  claude mcp add --transport http tasks ${running.url}`,
    '  or add to your MCP client configuration (e.g. .mcp.json):',
    ...JSON.stringify(clientConfig, null, 2)
      .split('\n')
      .map((line) => `  ${line}`),
    '',
    'Ctrl+C to stop.',
  ].join('\n'),
);
