/** How the task server reaches a Postgres server, whichever client (`pg` or postgres.js) talks to it. */
export interface PostgresServerOptions {
  connectionString: string;
  /**
   * Pool size. Default 1: a Lambda execution environment handles one request at a time,
   * so more connections only eat into the database's connection limit.
   */
  max?: number | undefined;
  /** Fail fast when the server is unreachable instead of hanging the request. Default 5 s. */
  connectionTimeoutMillis?: number | undefined;
  /** An idle connection the server or the network closed; the pool reconnects on the next query. */
  onError?: ((error: Error) => void) | undefined;
}

export const DEFAULT_POOL_SIZE = 1;
export const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;
/** An idle connection is closed after this long, as `pg`'s pool does by default. */
export const IDLE_TIMEOUT_MS = 60_000;

// Postgres returns bigint (int8) and numeric as strings; ids and counts here fit in a double,
// so both clients parse them as numbers.
export const INT8_OID = 20;
export const NUMERIC_OID = 1700;
