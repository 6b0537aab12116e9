import { createJsonLogger, lifespan } from 'lambda-mcp';
import { createHandler } from 'lambda-mcp/lambda';
import { resolveDatabaseUrl } from './db/database-url.ts';
import { openDatabase } from './db/open-database.ts';
import { createTasksServer } from './server.ts';

/**
 * AWS Lambda entry point (API Gateway, Function URL or ALB). The database is opened on the
 * first request that needs it and reused by every later request of this execution
 * environment: one `pg` connection (`DB_POOL_SIZE` to change), reconnected after a drop.
 * `DATABASE_URL`, or `DATABASE_SECRET_ARN` (Secrets Manager, read once, lazily); without
 * either, PGlite in /tmp, which lives only as long as the environment: for trying it out.
 */
const logger = createJsonLogger({ service: 'tasks' });

const db = lifespan(
  async () =>
    openDatabase({
      databaseUrl: await resolveDatabaseUrl(),
      dataDir: process.env.TASKS_DATA_DIR ?? '/tmp/tasks-pglite',
      poolSize: process.env.DB_POOL_SIZE ? Number(process.env.DB_POOL_SIZE) : undefined,
      onPoolError: (error) =>
        logger.warn('idle database connection lost; the next query reconnects', { error }),
    }),
  { dispose: (driver) => driver.close() },
);

export const handler = createHandler(createTasksServer({ db, logger }));
