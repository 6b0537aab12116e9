import type { BucketStore } from './bucket-store.ts';
import { type BucketState, msUntilFull, takeTokens } from './token-bucket.ts';

/**
 * Buckets in a Map: exact within one process (one Lambda execution environment), so
 * with N instances the effective limit is N times the configured one. Full buckets are
 * dropped once the map holds `maxBuckets` entries.
 */
export function memoryBucketStore(options: { maxBuckets?: number } = {}): BucketStore {
  const maxBuckets = options.maxBuckets ?? 10_000;
  const buckets = new Map<string, BucketState & { fullAt: number }>();
  return {
    async take(bucket, limit, now, cost) {
      const result = takeTokens(buckets.get(bucket), limit, now, cost);
      if (!result.allowed)
        return { allowed: false, retryAfterMs: result.retryAfterMs, remaining: result.remaining };
      if (buckets.size >= maxBuckets && !buckets.has(bucket)) {
        for (const [name, state] of buckets) if (state.fullAt <= now) buckets.delete(name);
      }
      buckets.set(bucket, {
        ...result.state,
        fullAt: result.state.updatedAt + msUntilFull(result.state.tokens, limit),
      });
      return { allowed: true, remaining: result.remaining };
    },
  };
}
