/**
 * A handler that had not finished when its signal aborted (the deadline passed or the
 * client left). `stopped` says whether it confirmed it stopped: it rejected with the
 * signal's reason (or an AbortError / TimeoutError) within the grace period, which a
 * handler does after undoing or never starting its work. Otherwise the framework stopped
 * waiting, and the work may still complete: its outcome is unknown.
 */
export class HandlerAborted extends Error {
  readonly stopped: boolean;
  readonly byDeadline: boolean;

  constructor(reason: unknown, stopped: boolean) {
    super('The handler was aborted', { cause: reason });
    this.name = 'HandlerAborted';
    this.stopped = stopped;
    this.byDeadline = reason instanceof Error && reason.name === 'TimeoutError';
  }
}

/**
 * Runs a handler against its abort signal: the answer never waits past the abort plus
 * `graceMs`, in which a handler that honours the signal can say it stopped (or finish).
 */
export function runHandler<T>(run: () => T | Promise<T>, signal: AbortSignal, graceMs: number): Promise<T> {
  if (signal.aborted) return Promise.reject(new HandlerAborted(signal.reason, true));
  let started: T | Promise<T>;
  try {
    started = run();
  } catch (error) {
    return Promise.reject(error);
  }
  // A handler that answered synchronously cannot be aborted any more: nothing to watch.
  if (!isThenable(started)) return Promise.resolve(started);
  const pending = started;
  return new Promise<T>((resolve, reject) => {
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      signal.removeEventListener('abort', onAbort);
      finish();
    };
    const onAbort = () => {
      graceTimer = setTimeout(() => settle(() => reject(new HandlerAborted(signal.reason, false))), graceMs);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(pending).then(
      (value) => settle(() => resolve(value)),
      (error: unknown) =>
        settle(() =>
          reject(
            signal.aborted && isAbortError(error, signal) ? new HandlerAborted(signal.reason, true) : error,
          ),
        ),
    );
  });
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function isAbortError(error: unknown, signal: AbortSignal): boolean {
  if (error === signal.reason) return true;
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}
