import type { BucketStore } from './bucket-store.ts';
import { type BucketState, takeTokens } from './token-bucket.ts';

/**
 * Buckets in a Map: exact within one process (one Lambda execution environment), so
 * with N instances the effective limit is N times the configured one.
 *
 * The map never holds more than `maxBuckets` (default 10,000): a new bucket past that
 * evicts the bucket used least recently, which is almost always full again by then (a
 * full bucket and a missing one are the same). Evicting one that is not full forgets
 * what its caller spent, so keep `maxBuckets` above the number of callers active within
 * a refill period; the alternative, a map that grows with every new key or subject, is
 * an execution environment that runs out of memory.
 */
export function memoryBucketStore(options: { maxBuckets?: number } = {}): BucketStore {
  const maxBuckets = options.maxBuckets ?? 10_000;
  if (!Number.isSafeInteger(maxBuckets) || maxBuckets < 1) {
    throw new RangeError(`maxBuckets must be a positive integer (got ${maxBuckets})`);
  }
  // Insertion order is use order: every take moves its bucket to the end.
  const buckets = new Map<string, BucketState>();
  const keep = (bucket: string, state: BucketState) => {
    if (!buckets.delete(bucket) && buckets.size >= maxBuckets) {
      buckets.delete(buckets.keys().next().value as string);
    }
    buckets.set(bucket, state);
  };
  return {
    async take(bucket, limit, now, cost) {
      const current = buckets.get(bucket);
      const result = takeTokens(current, limit, now, cost);
      if (!result.allowed) {
        // A refused caller is an active one: its empty bucket must not be the next evicted.
        if (current) keep(bucket, current);
        return { allowed: false, retryAfterMs: result.retryAfterMs, remaining: result.remaining };
      }
      keep(bucket, result.state);
      return { allowed: true, remaining: result.remaining };
    },
  };
}
