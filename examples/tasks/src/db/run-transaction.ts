import { isUnavailable, type Queryable, type StatementLimits } from './driver.ts';
import { assertWithinLimits, msUntilDeadline, stoppedStatementError } from './statement-limits.ts';

const SESSION_UTC = "SET LOCAL TimeZone = 'UTC'";

/** One connection a Postgres client lends for a transaction. */
export interface TransactionConnection {
  /** One statement; without parameters several may be sent at once (`BEGIN; SET LOCAL ...`). */
  query: Queryable['query'];
  /** Sends the protocol's CancelRequest for the statement the connection is running. */
  cancel(): void;
  /**
   * Gives the connection back to the pool, or closes it when `discard`: it could not roll
   * back, the server failed it as unavailable (`isUnavailable`), or a cancel request was sent
   * for it (arriving late, it would cancel the next user's statement).
   */
  release(discard: boolean): void;
}

/**
 * A transaction on a Postgres server with `limits`, the same for every client: an abort
 * cancels the running statement and rolls back; `SET LOCAL statement_timeout` stops a
 * statement on the server at the deadline even when the cancel request cannot reach it (some
 * proxies do not forward them); the limits are checked before every statement and before
 * the commit, so nothing is committed once the transaction throws.
 */
export async function runTransaction<T>(
  connect: () => Promise<TransactionConnection>,
  work: (tx: Queryable) => Promise<T>,
  limits: StatementLimits | undefined,
): Promise<T> {
  assertWithinLimits(limits);
  const connection = await connect();
  // A connection the server failed as unavailable is closed, not pooled: after a failover one
  // can still reach the demoted writer, which refuses every write (25006) while it lives.
  let broken = false;
  let running = 0;
  let cancelSent = false;
  const cancel = () => {
    if (running === 0 || cancelSent) return;
    cancelSent = true;
    connection.cancel();
  };
  limits?.signal?.addEventListener('abort', cancel, { once: true });
  try {
    assertWithinLimits(limits);
    const timeout = msUntilDeadline(limits);
    // TimeZone UTC, as PGlite always runs: a server's zone is often its host's, where Postgres
    // prints an old timestamp with a local mean time offset (-04:56:02) or as BC, which a
    // list_tasks cursor (the sort key as printed) could not carry. Same round trip as BEGIN.
    await connection.query(
      timeout === undefined
        ? `BEGIN; ${SESSION_UTC}`
        : `BEGIN; ${SESSION_UTC}; SET LOCAL statement_timeout = ${timeout}`,
    );
    const value = await work({
      query: async (sql, params = []) => {
        assertWithinLimits(limits);
        running += 1;
        try {
          return await connection.query(sql, params);
        } catch (error) {
          throw stoppedStatementError(error, limits);
        } finally {
          running -= 1;
        }
      },
    });
    assertWithinLimits(limits);
    await connection.query('COMMIT');
    return value;
  } catch (error) {
    if (isUnavailable(error)) broken = true;
    await connection.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    limits?.signal?.removeEventListener('abort', cancel);
    connection.release(broken || cancelSent);
  }
}
