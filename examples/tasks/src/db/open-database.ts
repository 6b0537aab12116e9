import { resolve } from 'node:path';
import type { SqlDriver } from './driver.ts';
import { migrate } from './migrations.ts';

export interface DatabaseConfig {
  /** A Postgres connection string; without one, embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files (default `.data/tasks` under the current directory). */
  dataDir?: string | undefined;
  /** Connections in the `pg` pool (default 1, one per Lambda execution environment). */
  poolSize?: number | undefined;
  onPoolError?: (error: Error) => void;
}

/**
 * Opens the configured driver and brings its schema up to date. The drivers are imported
 * lazily so a Lambda bundle on `pg` never loads PGlite's WASM, and the reverse.
 */
export async function openDatabase(config: DatabaseConfig): Promise<SqlDriver> {
  let driver: SqlDriver;
  if (config.databaseUrl) {
    const { createPgDriver } = await import('./pg-driver.ts');
    driver = createPgDriver({
      connectionString: config.databaseUrl,
      max: config.poolSize,
      onError: config.onPoolError,
    });
  } else {
    const { createPgliteDriver } = await import('./pglite-driver.ts');
    driver = await createPgliteDriver({ dataDir: config.dataDir ?? resolve('.data/tasks') });
  }
  try {
    await migrate(driver);
  } catch (error) {
    // Closed so that the next attempt (lifespan retries a failed creation) starts clean.
    await driver.close().catch(() => {});
    throw error;
  }
  return driver;
}
