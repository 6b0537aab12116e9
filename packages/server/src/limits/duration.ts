/** A duration: milliseconds, or text such as `500ms`, `1s`, `10s`, `1m`, `1h`, `1d`. */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function durationMs(duration: Duration): number {
  if (typeof duration === 'number') {
    if (!(duration > 0) || !Number.isFinite(duration))
      throw new TypeError(`duration must be positive, got ${duration}`);
    return duration;
  }
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(duration);
  if (!match || Number(match[1]) <= 0)
    throw new TypeError(`duration must look like 500ms, 1s, 1m, 1h or 1d; got "${duration}"`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
