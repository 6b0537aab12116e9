import { resolve } from 'node:path';
import type { SqlDriver } from './driver.ts';
import { migrate } from './migrations.ts';
import { type PostgresClient, pgClient } from './postgres-client.ts';

export interface DatabaseConfig {
  /** A Postgres connection string; without one, embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** The client library for `databaseUrl`: `pgClient` (the default) or `postgresJsClient`. */
  client?: PostgresClient | undefined;
  /** Where PGlite keeps its files (default `.data/tasks` under the current directory). */
  dataDir?: string | undefined;
  /** Connections in the Postgres pool (default 1, one per Lambda execution environment). */
  poolSize?: number | undefined;
  onPoolError?: (error: Error) => void;
}

/**
 * Opens the configured driver and brings its schema up to date. The drivers are imported
 * lazily so a Lambda bundle on a Postgres server never loads PGlite's WASM, and the reverse.
 */
export async function openDatabase(config: DatabaseConfig): Promise<SqlDriver> {
  const driver = await createDriver(config);
  try {
    await migrate(driver);
  } catch (error) {
    // Closed so that the next attempt (lifespan retries a failed creation) starts clean.
    await driver.close().catch(() => {});
    throw error;
  }
  return driver;
}

async function createDriver(config: DatabaseConfig): Promise<SqlDriver> {
  if (config.databaseUrl) {
    return (config.client ?? pgClient)({
      connectionString: config.databaseUrl,
      max: config.poolSize,
      onError: config.onPoolError,
    });
  }
  const { createPgliteDriver } = await import('./pglite-driver.ts');
  return createPgliteDriver({ dataDir: config.dataDir ?? resolve('.data/tasks') });
}
