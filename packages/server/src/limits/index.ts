// lambda-mcp/limits: token-bucket rate limits with memory and DynamoDB stores.
// `@aws-sdk/client-dynamodb` (optional peer) loads only when the DynamoDB store is used.

export type { DynamoClientLike, TableDefinition } from '../auth/dynamodb-types.ts';
export type { BucketDecision, BucketStore } from './bucket-store.ts';
export { type Duration, durationMs } from './duration.ts';
export {
  BUCKET_TTL_ATTRIBUTE,
  bucketTableDefinition,
  type DynamoBucketStoreOptions,
  dynamoBucketStore,
} from './dynamodb-bucket-store.ts';
export { memoryBucketStore } from './memory-bucket-store.ts';
export {
  limitRequest,
  limitToolCall,
  RATE_LIMITED_CODE,
  rateLimitedReply,
  rateLimitedToolError,
  retryAfterSeconds,
} from './rate-limit-answers.ts';
export {
  createRateLimiter,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimiterOptions,
  type RateLimitRule,
} from './rate-limiter.ts';
export { type RequestLimitOptions, requestLimit } from './request-limit.ts';
export {
  type BucketLimit,
  type BucketState,
  msUntilFull,
  type TakeResult,
  takeTokens,
} from './token-bucket.ts';
