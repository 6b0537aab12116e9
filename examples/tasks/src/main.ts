import { fileURLToPath } from 'node:url';
import { createJsonLogger, lifespan } from 'lambda-mcp';
import { serve } from 'lambda-mcp/node';
import { API_KEY_HEADER, tasksAccess } from './access/tasks-access.ts';
import { openDatabase } from './db/open-database.ts';
import { poolSizeFromEnv } from './db/pool-size.ts';
import { redactConnectionString } from './db/redact-connection-string.ts';
import { createTasksServer } from './server.ts';

// Local entry point: `npm start` at the repository root. PGlite under <repo>/.data/tasks
// unless DATABASE_URL points at a Postgres server (DB_POOL_SIZE connections, default 1).
// Open on loopback; API keys required with TASKS_API_KEYS=required or a non-loopback HOST.
const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = process.env.TASKS_DATA_DIR ?? fileURLToPath(new URL('../../../.data/tasks', import.meta.url));
const logger = createJsonLogger({ service: 'tasks' });
const poolSize = (() => {
  try {
    return poolSizeFromEnv(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
})();

const db = lifespan(
  () =>
    openDatabase({
      databaseUrl,
      dataDir,
      poolSize,
      onPoolError: (error) => logger.warn('idle database connection lost', { error }),
    }),
  { dispose: (driver) => driver.close() },
);
const server = createTasksServer({ db, logger });

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || '127.0.0.1';
const access = (() => {
  try {
    return tasksAccess(process.env, { db, host });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
})();
// On Ctrl+C or SIGTERM, serve lets in-flight requests finish, then closes the database
// (disposeAll): PGlite must close cleanly to keep its files consistent.
const running = await serve(server, { port, host, ...access.options }).catch(
  (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    console.error(
      `Port ${port} is already in use. Stop the other server or pick another port: PORT=3001 npm start`,
    );
    process.exit(1);
  },
);
// Opened now rather than on the first call, so a bad DATABASE_URL shows up at start, not mid-conversation.
const driver = await db.get().catch((error: unknown) => {
  logger.error('could not open the database; tools answer SERVICE_UNAVAILABLE until it is reachable', {
    error,
  });
  return undefined;
});

const keyHeaders = access.keysRequired ? { headers: { [API_KEY_HEADER]: '<your key>' } } : {};
const clientConfig = { mcpServers: { tasks: { type: 'http', url: running.url, ...keyHeaders } } };
console.log(
  [
    `Tasks MCP server on ${running.url}`,
    `Database: ${driver?.description ?? (databaseUrl ? `${redactConnectionString(databaseUrl)} (not reachable yet)` : dataDir)}`,
    access.keysRequired
      ? `Access: API keys required (${API_KEY_HEADER} header). Make one${databaseUrl ? '' : ' (PGlite: stop this server first)'}: npm run keys -w examples/tasks -- create --tenant <name> --scopes tasks:read,tasks:write`
      : 'Access: open, no key needed (loopback only). TASKS_API_KEYS=required to require API keys.',
    '',
    'Connect a client:',
    `  claude mcp add --transport http tasks ${running.url}${access.keysRequired ? ` --header "${API_KEY_HEADER}: <your key>"` : ''}`,
    '  or add to your MCP client configuration (e.g. .mcp.json):',
    ...JSON.stringify(clientConfig, null, 2)
      .split('\n')
      .map((line) => `  ${line}`),
    '',
    'Ctrl+C to stop.',
  ].join('\n'),
);
