import { connect } from 'node:net';
import pg from 'pg';
import type { Queryable, SqlDriver } from './driver.ts';
import { redactConnectionString } from './redact-connection-string.ts';
import { assertWithinLimits, msUntilDeadline, stoppedStatementError } from './statement-limits.ts';

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
    async transaction(work, limits) {
      assertWithinLimits(limits);
      const client = await pool.connect();
      let broken: Error | undefined;
      let running = 0;
      let cancelSent = false;
      // On abort, the running statement is cancelled over a separate socket (the protocol's
      // CancelRequest: no login, no connection slot); the transaction then rolls back.
      const cancel = () => {
        if (running === 0 || cancelSent) return;
        cancelSent = true;
        sendCancelRequest(client);
      };
      limits?.signal?.addEventListener('abort', cancel, { once: true });
      try {
        assertWithinLimits(limits);
        // statement_timeout stops a statement on the server even when the cancel request
        // cannot reach it (some proxies do not forward them).
        const timeout = msUntilDeadline(limits);
        await client.query(
          timeout === undefined ? 'BEGIN' : `BEGIN; SET LOCAL statement_timeout = ${timeout}`,
        );
        const value = await work({
          query: async (sql, params = []) => {
            assertWithinLimits(limits);
            running += 1;
            try {
              return { rows: (await client.query(sql, [...params])).rows };
            } catch (error) {
              throw stoppedStatementError(error, limits);
            } finally {
              running -= 1;
            }
          },
        });
        assertWithinLimits(limits);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        limits?.signal?.removeEventListener('abort', cancel);
        // A connection that could not even roll back is destroyed rather than reused, and so
        // is one a cancel request was sent for: arriving late, it would cancel the next user's statement.
        client.release(broken ?? cancelSent);
      }
    },
    description: `Postgres at ${redactConnectionString(options.connectionString)}`,
    close: () => pool.end(),
  };
}

// The protocol's CancelRequest code (1234 << 16 | 5678).
const CANCEL_REQUEST_CODE = 80_877_102;

/**
 * Asks the server to cancel the statement `client` is running: a 16-byte CancelRequest with
 * the backend's process id and secret key, on a new socket the server closes. Best effort:
 * statement_timeout is the backstop if it is lost.
 */
function sendCancelRequest(client: pg.PoolClient): void {
  const { processID, secretKey, host, port } = client as unknown as {
    processID: number;
    secretKey: number;
    host: string;
    port: number;
  };
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  packet.writeInt32BE(processID, 8);
  packet.writeInt32BE(secretKey, 12);
  const socket = host.startsWith('/') ? connect(`${host}/.s.PGSQL.${port}`) : connect(port, host);
  socket.on('error', () => {});
  socket.end(packet);
}
