/** The rows of one statement. */
export interface QueryResult<Row> {
  rows: Row[];
}

/** Anything that runs SQL with `$1`-style parameters: a driver or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

/** When a transaction must stop: a request's abort signal and the time its statements must end by. */
export interface StatementLimits {
  /** Aborting it cancels the running statement (where the driver can) and rolls back. */
  signal?: AbortSignal | undefined;
  /** Epoch milliseconds: no statement runs past it, and nothing is committed after it. */
  deadline?: number | undefined;
}

/**
 * One SQL dialect (Postgres), three drivers: embedded PGlite, and `pg` or postgres.js
 * against a server. The queries never know which one they run on.
 */
export interface SqlDriver extends Queryable {
  /**
   * Runs `work` in one transaction on one connection; rolls back if it throws, when `limits`
   * aborts, or when its deadline passes (then it throws the signal's reason, or
   * DeadlinePassedError). Once it throws, nothing of `work` was committed.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>, limits?: StatementLimits): Promise<T>;
  /** Where the data lives, safe to print (no password). */
  readonly description: string;
  close(): Promise<void>;
}

/**
 * The database could not be reached (refused, dropped, shutting down). Callers answer
 * "try again later" instead of an internal error; the cause stays for the log.
 */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The database is unavailable', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

// SQLSTATE classes and codes that mean "the server or the connection is gone", not "your SQL is wrong":
// 08 connection exception, 57P01-57P03 admin/crash shutdown and "cannot connect now", 53300 too many
// connections, and 25006 read-only transaction: this server takes no writes (a writer demoted by a
// failover or switchover, or a replica the DNS name pointed at a moment ago). The task server never
// opens a read-only transaction itself, so 25006 is always the server's state, never its SQL.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53300|25006)$/;
// Node's socket errors, and postgres.js's own for a connection that timed out, closed or was closed.
const UNAVAILABLE_CLIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|Client has encountered a connection error|Client was closed|terminating connection/i;

/**
 * Whether an error from a driver means the database is unreachable or cannot take writes
 * (worth a retry later). A connection that failed so is not used again: see runTransaction.
 */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (error instanceof AggregateError) return error.errors.some(isUnavailable);
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_CLIENT_CODES.has(code)))
    return true;
  return UNAVAILABLE_MESSAGES.test(error.message);
}
