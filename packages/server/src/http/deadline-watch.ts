/**
 * Request deadlines, watched with one timer for all of them.
 *
 * A timer per request would leak: Node keeps one list of timers per distinct duration, and
 * with `unref` an emptied list stays queued until its time comes, about 170 bytes each. On
 * Lambda every request has a new duration (its remaining time), so a busy function would
 * carry one list per request of the last timeout period. Here the timer is armed for the
 * earliest deadline and left armed when a request ends early: when it fires it expires what
 * is due and re-arms for the next. Requests on Lambda arrive one after another with later
 * deadlines, so the timer is set about once per timeout period, not once per request.
 */
export interface DeadlineEntry {
  readonly at: number;
  readonly expire: () => void;
}

const entries = new Set<DeadlineEntry>();
let timer: ReturnType<typeof setTimeout> | undefined;
let armedAt = Number.POSITIVE_INFINITY;

/** Calls `expire` at epoch millisecond `at`, unless `unwatchDeadline` comes first. */
export function watchDeadline(at: number, expire: () => void): DeadlineEntry {
  const entry = { at, expire };
  entries.add(entry);
  if (at < armedAt) arm(at);
  return entry;
}

export function unwatchDeadline(entry: DeadlineEntry): void {
  entries.delete(entry);
}

function arm(at: number): void {
  clearTimeout(timer);
  armedAt = at;
  timer = setTimeout(fire, Math.max(0, at - Date.now()));
  // A deadline alone never keeps a process alive: the request it belongs to does.
  (timer as { unref?: () => void }).unref?.();
}

function fire(): void {
  timer = undefined;
  armedAt = Number.POSITIVE_INFINITY;
  // A timer may run a millisecond before Date.now() reaches the time it was set for: what
  // is due within the next millisecond expires now rather than a timer later.
  const now = Date.now() + 1;
  let next = Number.POSITIVE_INFINITY;
  for (const entry of entries) {
    if (entry.at <= now) {
      entries.delete(entry);
      entry.expire();
    } else if (entry.at < next) next = entry.at;
  }
  if (next !== Number.POSITIVE_INFINITY) arm(next);
}
