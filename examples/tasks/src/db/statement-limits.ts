import type { StatementLimits } from './driver.ts';

/** The transaction's deadline passed before it could commit; it was rolled back. */
export class DeadlinePassedError extends Error {
  constructor(cause?: unknown) {
    super('The statement deadline passed; the transaction was rolled back', { cause });
    this.name = 'DeadlinePassedError';
  }
}

/**
 * Throws when the transaction must not go on: the signal's own reason once it aborted (so
 * the framework knows the handler stopped), DeadlinePassedError past the deadline.
 */
export function assertWithinLimits(limits: StatementLimits | undefined): void {
  if (limits?.signal?.aborted) throw limits.signal.reason;
  if (limits?.deadline !== undefined && Date.now() >= limits.deadline) throw new DeadlinePassedError();
}

// Postgres: query_canceled, raised by a cancel request and by statement_timeout alike.
const QUERY_CANCELED = '57014';

/** A statement error as the caller should see it: a cancelled statement becomes the reason it was stopped. */
export function stoppedStatementError(error: unknown, limits: StatementLimits | undefined): unknown {
  if ((error as { code?: unknown } | null)?.code !== QUERY_CANCELED) return error;
  if (limits?.signal?.aborted) return limits.signal.reason;
  return new DeadlinePassedError(error);
}

/** Milliseconds left before the deadline (at least 1: Postgres reads 0 as "no timeout"). */
export function msUntilDeadline(limits: StatementLimits | undefined): number | undefined {
  return limits?.deadline === undefined ? undefined : Math.max(1, Math.ceil(limits.deadline - Date.now()));
}
