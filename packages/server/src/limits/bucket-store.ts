import type { BucketLimit } from './token-bucket.ts';

export type BucketDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; retryAfterMs: number; remaining: number };

/** Where buckets live: memory (one process) or DynamoDB (shared by every Lambda instance). */
export interface BucketStore {
  /** Takes `cost` tokens from the bucket named `bucket`, atomically with respect to other takers. */
  take(bucket: string, limit: BucketLimit, now: number, cost: number): Promise<BucketDecision>;
}
