import pg from 'pg';
import { sendCancelRequest } from './cancel-request.ts';
import type { Queryable, SqlDriver } from './driver.ts';
import {
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_POOL_SIZE,
  IDLE_TIMEOUT_MS,
  INT8_OID,
  NUMERIC_OID,
  type PostgresServerOptions,
} from './postgres-server-options.ts';
import { redactConnectionString } from './redact-connection-string.ts';
import { runTransaction } from './run-transaction.ts';

/**
 * `pg` against a real Postgres (RDS, Aurora, RDS Proxy, Neon, ...). The pool drops a
 * connection that failed and opens a new one on the next query, so the server survives a
 * database restart without restarting itself.
 */
export function createPgDriver(options: PostgresServerOptions): SqlDriver {
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      oid === INT8_OID || oid === NUMERIC_OID ? Number : pg.types.getTypeParser(oid, format as 'text'),
  };
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
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
    transaction: (work, limits) =>
      runTransaction(
        async () => {
          const client = await pool.connect();
          // The server may end the connection between two statements (a restart, an admin's
          // pg_terminate_backend): the client then fails every later statement, which the
          // transaction reports as unavailable; without a listener the error would crash the process.
          const ignore = () => {};
          client.on('error', ignore);
          const { processID, secretKey, host, port } = client as unknown as {
            processID: number;
            secretKey: number;
            host: string;
            port: number;
          };
          return {
            query: async (sql, params = []) => ({ rows: (await client.query(sql, [...params])).rows }),
            cancel: () => sendCancelRequest({ host, port }, { processId: processID, secretKey }),
            release: (discard) => {
              client.removeListener('error', ignore);
              client.release(discard);
            },
          };
        },
        work,
        limits,
      ),
    description: `Postgres at ${redactConnectionString(options.connectionString)}`,
    close: () => pool.end(),
  };
}
