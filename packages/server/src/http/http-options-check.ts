/**
 * The numbers of the HTTP options, checked when a handler is made: a wrong one would
 * otherwise act per request, far from its cause (a `keepAliveMs` of 0 writes a keep-alive
 * comment every millisecond, a `bodyTimeoutMs` of NaN times every streamed body out at once,
 * a negative `deadlineMarginMs` lets a handler run past the host's deadline). Infinity is
 * "no limit" where a limit can be left out: the body's size and time, keep-alives, a listen stream's life.
 */
export function checkHttpOptions(options: {
  maxBodyBytes?: number | undefined;
  bodyTimeoutMs?: number | undefined;
  deadlineMarginMs?: number | undefined;
  keepAliveMs?: number | undefined;
  listenMaxMs?: number | undefined;
}): void {
  const { maxBodyBytes, deadlineMarginMs } = options;
  if (
    maxBodyBytes !== undefined &&
    !(maxBodyBytes === Infinity || (Number.isSafeInteger(maxBodyBytes) && maxBodyBytes >= 1))
  )
    refuse('maxBodyBytes', 'a whole number of bytes, 1 or more (or Infinity)', maxBodyBytes);
  for (const name of ['bodyTimeoutMs', 'keepAliveMs', 'listenMaxMs'] as const) {
    const value = options[name];
    if (value !== undefined && !(typeof value === 'number' && value > 0))
      refuse(name, 'a number of milliseconds above 0 (or Infinity)', value);
  }
  if (deadlineMarginMs !== undefined && !(Number.isFinite(deadlineMarginMs) && deadlineMarginMs >= 0))
    refuse('deadlineMarginMs', 'a finite number of milliseconds, 0 or more', deadlineMarginMs);
}

function refuse(option: string, rule: string, value: unknown): never {
  throw new TypeError(`HTTP option ${option} must be ${rule}, got ${String(value)}`);
}
