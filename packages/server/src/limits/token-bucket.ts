/** A bucket as stored: tokens left at `updatedAt` (epoch ms). */
export interface BucketState {
  tokens: number;
  updatedAt: number;
}

/** A bucket's shape: it holds up to `capacity` tokens and gains `refillPerMs` each millisecond. */
export interface BucketLimit {
  capacity: number;
  refillPerMs: number;
}

export type TakeResult =
  | { allowed: true; state: BucketState; remaining: number }
  | { allowed: false; retryAfterMs: number; remaining: number };

/**
 * Takes `cost` tokens from a bucket at time `now` (pure: stores apply the new state).
 * A missing bucket is full. A clock behind `updatedAt` (another instance's) refills nothing.
 */
export function takeTokens(
  state: BucketState | undefined,
  limit: BucketLimit,
  now: number,
  cost = 1,
): TakeResult {
  const since = state === undefined ? 0 : Math.max(0, now - state.updatedAt);
  const tokens =
    state === undefined ? limit.capacity : Math.min(limit.capacity, state.tokens + since * limit.refillPerMs);
  if (tokens >= cost) {
    const left = tokens - cost;
    return {
      allowed: true,
      state: { tokens: left, updatedAt: Math.max(now, state?.updatedAt ?? now) },
      remaining: Math.floor(left),
    };
  }
  if (cost > limit.capacity)
    return { allowed: false, retryAfterMs: Number.POSITIVE_INFINITY, remaining: Math.floor(tokens) };
  return {
    allowed: false,
    retryAfterMs: Math.ceil((cost - tokens) / limit.refillPerMs),
    remaining: Math.floor(tokens),
  };
}

/** Milliseconds until a bucket with `tokens` is full again (when its stored item may expire). */
export function msUntilFull(tokens: number, limit: BucketLimit): number {
  return Math.ceil(Math.max(0, limit.capacity - tokens) / limit.refillPerMs);
}
