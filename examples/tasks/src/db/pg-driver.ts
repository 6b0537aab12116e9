import pg from 'pg';
import type { Queryable, SqlDriver } from './driver.ts';
import { redactConnectionString } from './redact-connection-string.ts';

export interface PgDriverOptions {
  connectionString: string;
  /**
   * Pool size. Default 1: a Lambda execution environment handles one request at a time,
   * so more connections only eat into the database's connection limit.
   */
  max?: number;
  /** Fail fast when the server is unreachable instead of hanging the request. */
  connectionTimeoutMillis?: number;
  onError?: (error: Error) => void;
}

// Postgres returns bigint (int8) and numeric as strings by default; ids and counts here fit in a double.
const INT8 = 20;
const NUMERIC = 1700;

/**
 * `pg` against a real Postgres (RDS, Aurora, RDS Proxy, Neon, ...). The pool drops a
 * connection that failed and opens a new one on the next query, so the server survives a
 * database restart without restarting itself.
 */
export function createPgDriver(options: PgDriverOptions): SqlDriver {
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      oid === INT8 || oid === NUMERIC ? Number : pg.types.getTypeParser(oid, format as 'text'),
  };
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 1,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    idleTimeoutMillis: 60_000,
    types,
  });
  // An idle connection killed by the server (restart, failover, proxy timeout) is reported
  // here; without a listener node would crash the process. The pool already discarded it.
  pool.on('error', (error) => options.onError?.(error));
  const query: Queryable['query'] = async (sql, params = []) => {
    const result = await pool.query(sql, [...params]);
    return { rows: result.rows };
  };
  return {
    query,
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const value = await work({
          query: async (sql, params = []) => ({ rows: (await client.query(sql, [...params])).rows }),
        });
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        // A connection that could not even roll back is destroyed rather than reused.
        client.release(broken);
      }
    },
    description: `Postgres at ${redactConnectionString(options.connectionString)}`,
    close: () => pool.end(),
  };
}
