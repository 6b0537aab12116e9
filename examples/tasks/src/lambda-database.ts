import { createJsonLogger, type Lifespan, lifespan } from 'lambda-mcp';
import { resolveDatabaseUrl } from './db/database-url.ts';
import type { SqlDriver } from './db/driver.ts';
import { openDatabase } from './db/open-database.ts';
import { poolSizeFromEnv } from './db/pool-size.ts';
import { type PostgresClient, pgClient } from './db/postgres-client.ts';

/** The log of the Lambda entries (handler and authorizer). */
export const lambdaLogger = createJsonLogger({ service: 'tasks' });

/**
 * The database of a Lambda execution environment, shared by `handler.ts` and `authorizer.ts`
 * (separate functions in a deployment, one module in a test process): opened on the first
 * request that needs it and reused by every later one. One `pg` connection (`DB_POOL_SIZE`
 * to change), reconnected after a drop. `DATABASE_URL`, or `DATABASE_SECRET_ARN` (Secrets
 * Manager, read once, lazily); without either, PGlite in /tmp, which lives only as long as
 * the environment: for trying it out (an authorizer on PGlite sees only its own keys).
 * Through `pg`: the fastest cold start on plain TCP and one round trip per statement, where
 * postgres.js (`postgresJsClient`) is faster over TLS but takes two (BENCHMARKS.md, section 2).
 */
export const lambdaDatabase = lambdaDatabaseThrough(pgClient);

/** `lambdaDatabase` with `client` for a Postgres server (the benchmark measures both clients). */
export function lambdaDatabaseThrough(client: PostgresClient): Lifespan<SqlDriver> {
  // Read at init: a bad value fails the environment's start with its message, not each request.
  const poolSize = poolSizeFromEnv(process.env);
  return lifespan(
    async () =>
      openDatabase({
        databaseUrl: await resolveDatabaseUrl(),
        client,
        dataDir: process.env.TASKS_DATA_DIR ?? '/tmp/tasks-pglite',
        poolSize,
        onPoolError: (error) =>
          lambdaLogger.warn('idle database connection lost; the next query reconnects', { error }),
      }),
    { dispose: (driver) => driver.close() },
  );
}
