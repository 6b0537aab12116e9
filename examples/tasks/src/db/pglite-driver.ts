import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import type { Queryable, SqlDriver } from './driver.ts';
import { assertWithinLimits } from './statement-limits.ts';
import { parseTimestamptz } from './timestamptz.ts';

const TIMESTAMPTZ = 1184;

/**
 * Embedded Postgres (WASM) persisted in `dataDir`: nothing to install, data survives a
 * restart. Omit `dataDir` for an in-memory database. One process may open a directory at a time.
 */
export async function createPgliteDriver(options: { dataDir?: string } = {}): Promise<SqlDriver> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // Imported here, not at the top: a bundler hoists a static import of an external package
  // to the bundle's first line, which would load (or require shipping) PGlite on every cold start.
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    parsers: { [TIMESTAMPTZ]: parseTimestamptz },
  });
  const run =
    (target: Pick<PGlite, 'query'>): Queryable['query'] =>
    async (sql, params = []) => {
      const result = await target.query(sql, [...params]);
      return { rows: result.rows as never[] };
    };
  return {
    query: run(db),
    // PGlite runs each statement to its end on the JavaScript thread: it ignores
    // statement_timeout and has no cancel. The limits are checked before every statement and
    // before the commit, so a statement that outlived the deadline or the abort is rolled back.
    transaction: (work, limits) => {
      assertWithinLimits(limits);
      return db.transaction(async (tx) => {
        const query = run(tx);
        const value = await work({
          query: (sql, params) => {
            assertWithinLimits(limits);
            return query(sql, params);
          },
        });
        assertWithinLimits(limits);
        return value;
      });
    },
    description: options.dataDir ? `PGlite (embedded Postgres) at ${options.dataDir}` : 'PGlite (in memory)',
    close: () => db.close(),
  };
}
