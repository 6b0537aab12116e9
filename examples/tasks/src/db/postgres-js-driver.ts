import { connect as connectSocket, type Socket } from 'node:net';
import postgres from 'postgres';
import { type BackendKey, sendCancelRequest } from './cancel-request.ts';
import { createConnectionPool } from './connection-pool.ts';
import { connectionTls } from './connection-tls.ts';
import { DatabaseUnavailableError, isUnavailable, type QueryResult, type SqlDriver } from './driver.ts';
import { parsePostgresArray, serializePostgresArray } from './postgres-array.ts';
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
import { parseTimestamptz } from './timestamptz.ts';

/** One postgres.js client holding one connection, and what the driver knows of it. */
interface Connection {
  sql: postgres.Sql;
  /**
   * How many times its connection closed. A client whose connection closed is replaced, not
   * reconnected: postgres.js would carry the error that ended the old connection into the
   * first statement on the new one, and a transaction must never continue on a new one.
   */
  closes: number;
  /** Whether its connection answered a statement since it last (re)connected. */
  answered: boolean;
  /** The pool is closing it. */
  closing: boolean;
}

const number = (text: string) => Number(text);
const text = (value: string) => value;
const array = (oid: number, element: (text: string) => unknown): postgres.PostgresType => ({
  to: oid,
  from: [oid],
  serialize: (value: readonly unknown[]) => serializePostgresArray(value),
  parse: (raw: string) => parsePostgresArray(raw, element),
});

/**
 * The values as `pg` reads and writes them, which postgres.js does differently by default:
 * int8 and numeric as numbers, timestamptz by its fields (`new Date(text)` misreads years
 * 1-99), JSON text passed through, and arrays, whose types postgres.js would otherwise fetch
 * from the server on every new connection (one more round trip before the first statement).
 */
const TYPES: Record<string, postgres.PostgresType> = {
  int8: { to: INT8_OID, from: [INT8_OID, NUMERIC_OID], serialize: String, parse: number },
  timestamptz: {
    to: 1184,
    from: [1184],
    serialize: (value: Date | string) => (value instanceof Date ? value.toISOString() : value),
    parse: parseTimestamptz,
  },
  json: {
    to: 114,
    from: [114, 3802],
    serialize: (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value)),
    parse: (raw: string) => JSON.parse(raw),
  },
  boolArray: array(1000, (value) => value === 't'),
  int2Array: array(1005, number),
  int4Array: array(1007, number),
  int8Array: array(1016, number),
  float4Array: array(1021, number),
  float8Array: array(1022, number),
  numericArray: array(1231, number),
  textArray: array(1009, text),
  varcharArray: array(1015, text),
  nameArray: array(1003, text),
  uuidArray: array(2951, text),
  timestamptzArray: array(1185, parseTimestamptz),
  jsonArray: array(199, (value) => JSON.parse(value)),
  jsonbArray: array(3807, (value) => JSON.parse(value)),
};

/**
 * postgres.js (`postgres`) against a real Postgres, with the semantics of the `pg` driver:
 * a pool of `max` connections (1 by default), each one postgres.js client of one connection
 * (so a connection can be discarded, and a transaction never outlives its connection), a
 * connect timeout, a failed connection reopened on the next statement, `sslmode` read as
 * `pg` reads it. Statements are not prepared by name (`prepare: false`), so it works behind
 * the multiplexing of RDS Proxy or PgBouncer as `pg` does; the price is a second round trip
 * for each statement with parameters (postgres.js asks the server for their types first).
 */
export function createPostgresJsDriver(options: PostgresServerOptions): SqlDriver {
  const { url, tls } = connectionTls(options.connectionString);
  // postgres.js opens its sockets with Nagle's algorithm on: over TLS the first statement
  // then waited for the server's delayed ACK (40 ms on Linux). `pg` turns it off; so does this.
  const socket = ({ host, port, path }: { host: string[]; port: number[]; path: string | false }): Socket =>
    path ? connectSocket({ path }) : connectSocket({ host: host[0], port: port[0]!, noDelay: true });
  const settings: postgres.Options<Record<string, postgres.PostgresType>> & { socket: typeof socket } = {
    max: 1,
    ssl: tls,
    connect_timeout: (options.connectionTimeoutMillis ?? DEFAULT_CONNECTION_TIMEOUT_MS) / 1000,
    // The pool closes idle connections; a connection lives as long as it works.
    idle_timeout: 0,
    max_lifetime: null,
    // Should a client reconnect after all, at once, not after a growing delay: the caller
    // answers "try again later" and decides when.
    backoff: () => 0,
    prepare: false,
    fetch_types: false,
    onnotice: () => {},
    transform: { undefined: null },
    types: TYPES,
    socket,
  };
  const lost = (connection: Connection) => {
    connection.closes += 1;
    const wasAnswering = connection.answered;
    connection.answered = false;
    // A connection the server or the network closed while it waited in the pool (restart,
    // failover, proxy timeout); the next statement on it reconnects.
    if (wasAnswering && !connection.closing && pool.isIdle(connection)) {
      options.onError?.(new Error('The database closed an idle connection'));
    }
  };
  const pool = createConnectionPool<Connection>({
    max: options.max ?? DEFAULT_POOL_SIZE,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    open: () => {
      const connection = { closes: 0, answered: false, closing: false } as Connection;
      connection.sql = postgres(url, { ...settings, onclose: () => lost(connection) });
      return connection;
    },
    close: (connection) => {
      connection.closing = true;
      return connection.sql.end({ timeout: 0 });
    },
  });

  const run = async (connection: Connection, sql: string, params: readonly unknown[]) => {
    const pending = connection.sql.unsafe(sql, params as postgres.ParameterOrJSON<never>[]);
    const result = await pending;
    connection.answered = true;
    return { result, backend: (pending as unknown as { state: { pid: number; secret: number } }).state };
  };
  const rows = (result: unknown[]): QueryResult<never> => ({ rows: result.slice() as never[] });
  const acquire = async () => {
    for (;;) {
      const connection = await pool.acquire();
      if (connection.closes === 0) return connection;
      pool.release(connection, true);
    }
  };
  const release = (connection: Connection, discard = false) =>
    pool.release(connection, discard || connection.closes > 0);

  return {
    async query(sql, params = []) {
      const connection = await acquire();
      let result: postgres.RowList<postgres.Row[]>;
      try {
        result = (await run(connection, sql, params)).result;
      } catch (error) {
        // Closed when unavailable, as `pg`'s pool.query closes any that failed: a connection
        // to a server that takes no writes (25006, after a failover) must not be reused.
        release(connection, isUnavailable(error));
        throw error;
      }
      release(connection);
      return rows(result);
    },
    transaction: (work, limits) =>
      runTransaction(
        async () => {
          const connection = await acquire();
          let backend: BackendKey | undefined;
          return {
            async query(sql, params = []) {
              // postgres.js would reconnect for this statement, which would then run outside
              // the transaction, committed on its own.
              if (connection.closes > 0) {
                throw new DatabaseUnavailableError(new Error('The connection closed during the transaction'));
              }
              const answer = await run(connection, sql, params);
              backend = { processId: answer.backend.pid, secretKey: answer.backend.secret };
              return rows(answer.result);
            },
            cancel() {
              const { host, port } = connection.sql.options;
              if (backend) sendCancelRequest({ host: host[0]!, port: port[0]! }, backend);
            },
            release: (discard) => release(connection, discard),
          };
        },
        work,
        limits,
      ),
    description: `Postgres at ${redactConnectionString(options.connectionString)}`,
    close: () => pool.end(),
  };
}
