import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { postgresKeyStore } from 'lambda-mcp/auth';
import { CliError } from '../cli-error.ts';
import type { OpenKeyStore } from './open-key-store.ts';

/** The part of @electric-sql/pglite used here; loaded by name so it stays an optional peer. */
interface PGliteModule {
  PGlite: {
    create(options: { dataDir: string }): Promise<{
      query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
      close(): Promise<void>;
    }>;
  };
}

const PGLITE = '@electric-sql/pglite';

/**
 * Keys in a PGlite (embedded Postgres) data directory, such as the one a local server keeps
 * its data in (examples/tasks: .data/tasks): the same table as on Postgres. Only `create`
 * may start a new database; the others need one that exists.
 */
export async function openPgliteKeyStore(dir: string, mayCreate: boolean): Promise<OpenKeyStore> {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new CliError(`${dir} is a file, not a PGlite data directory: name the directory.`);
  }
  // PGlite opens any folder, and starts a new database cluster in one that holds none: among
  // the user's own files, for a slip such as pglite:src. Every data directory has PG_VERSION.
  const isDatabase = existsSync(join(dir, 'PG_VERSION'));
  if (!mayCreate && !isDatabase) {
    throw new CliError(
      `no PGlite database in ${dir}: name the data directory, or make one with lambda-mcp keys create.`,
    );
  }
  if (!isDatabase && existsSync(dir) && readdirSync(dir).length > 0) {
    throw new CliError(
      `${dir} holds other files and no PGlite database: name a new or empty directory for one.`,
    );
  }
  // PGlite does not lock its directory against a second process, and two writers corrupt it;
  // while open it leaves postmaster.pid there.
  if (existsSync(join(dir, 'postmaster.pid'))) {
    throw new CliError(
      `the PGlite database in ${dir} is open in another process (a running server?): stop it, then run this again. If nothing runs, a crash left postmaster.pid behind: start and stop that server once.`,
    );
  }
  let pglite: PGliteModule;
  try {
    pglite = (await import(PGLITE)) as PGliteModule;
  } catch {
    throw new CliError(
      `the PGlite key store needs ${PGLITE}, which is not installed. Install it beside the CLI: npm install --save-dev ${PGLITE}`,
    );
  }
  let db: Awaited<ReturnType<PGliteModule['PGlite']['create']>>;
  try {
    db = await pglite.PGlite.create({ dataDir: dir });
  } catch (error) {
    // Its file system errors are bare objects ({ name: 'ErrnoError', errno }), not Errors.
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new CliError(`cannot open the PGlite database in ${dir} (${reason}): name its data directory.`);
  }
  const store = postgresKeyStore({
    query: async (sql, params) => ({ rows: (await db.query(sql, params)).rows as Record<string, unknown>[] }),
  });
  return { store, prepare: () => store.migrate(), close: () => db.close() };
}
