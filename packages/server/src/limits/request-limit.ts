import type { RequestLimit } from '../http/index.ts';
import { dependencyUnavailableReply } from '../http/replies.ts';
import { rateLimitedReply, rateLimitedToolError } from './rate-limit-answers.ts';
import type { RateLimiter } from './rate-limiter.ts';

export interface RequestLimitOptions {
  /**
   * Called when the bucket store fails (DynamoDB throttling, a network error); the request
   * is then answered 503 with `Retry-After: 5` (refused, not let through unlimited).
   */
  onStoreError?: (error: unknown) => void;
}

/**
 * The HTTP layer's `limit` option from a rate limiter: request-level rules answer 429 with
 * `Retry-After`; a tool's rules answer its `tools/call` with a RATE_LIMITED tool error
 * that says when to retry, without running the tool.
 *
 * @example
 * const limiter = createRateLimiter({ rules: [{ by: 'key', rate: 10, per: '1s', burst: 20 }] });
 * export const handler = createHandler(server, { auth, limit: requestLimit(limiter) });
 */
export function requestLimit(limiter: RateLimiter, options: RequestLimitOptions = {}): RequestLimit {
  return async ({ auth, tool, requestId }) => {
    try {
      const request = await limiter.check({ auth });
      if (!request.allowed) return rateLimitedReply(request, requestId);
      if (tool === undefined) return undefined;
      const call = await limiter.check({ auth, tool });
      return call.allowed ? undefined : rateLimitedToolError(call, tool);
    } catch (error) {
      options.onStoreError?.(error);
      return dependencyUnavailableReply('The rate-limit store', requestId);
    }
  };
}
