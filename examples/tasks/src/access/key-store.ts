import { type PostgresKeyStore, postgresKeyStore } from 'lambda-mcp/auth';
import type { Queryable } from '../db/driver.ts';
import type { DatabaseHandle } from '../tools/database-access.ts';

/**
 * The API keys of this server, in its own database (table `lambda_mcp_api_keys`, created by
 * migration 3): `pg` or PGlite, whichever the tasks live in. A key's `tenant` is the
 * workspace its calls see (`tenant:<tenant>`).
 */
export function tasksKeyStore(db: DatabaseHandle | Queryable): PostgresKeyStore {
  const target = 'get' in db ? db : { get: async () => db };
  return postgresKeyStore({
    // Outside the tool's transaction on purpose: a key is checked before any tool runs.
    query: async (sql, params) => (await target.get()).query(sql, params),
  });
}
