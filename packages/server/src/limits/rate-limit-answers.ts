import type { Reply } from '../http/index.ts';
import { type AuthInfo, ToolError } from '../index.ts';
import type { RequestId } from '../protocol/jsonrpc.ts';
import type { RateLimitDecision, RateLimiter } from './rate-limiter.ts';

/** JSON-RPC error code of a request-level refusal (server-defined range). */
export const RATE_LIMITED_CODE = -32029;

type Refusal = Extract<RateLimitDecision, { allowed: false }>;

/** Whole seconds for `Retry-After` (at least 1). */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Number.isFinite(retryAfterMs) ? Math.max(1, Math.ceil(retryAfterMs / 1000)) : 86_400;
}

/**
 * HTTP 429 with `Retry-After` and a JSON-RPC error body, for the HTTP layer. A request that
 * costs more than a bucket ever holds (`check({ cost })` past the rule's burst) can never
 * pass: it says so, with no `Retry-After` to wait for.
 */
export function rateLimitedReply(refusal: Refusal, id: RequestId | null = null): Reply {
  const never = !Number.isFinite(refusal.retryAfterMs);
  const seconds = retryAfterSeconds(refusal.retryAfterMs);
  return {
    status: 429,
    headers: { 'content-type': 'application/json', ...(never ? {} : { 'retry-after': String(seconds) }) },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      error: {
        code: RATE_LIMITED_CODE,
        message: never
          ? 'Rate limit exceeded: this request costs more than the limit allows at once; ask for less'
          : `Rate limit exceeded: retry after ${seconds} s`,
        data: { retryAfterMs: never ? null : refusal.retryAfterMs },
      },
    }),
  };
}

/** A tool error an AI can act on: which tool, and when to retry (or, past the burst, to ask for less). */
export function rateLimitedToolError(refusal: Refusal, tool: string): ToolError {
  if (!Number.isFinite(refusal.retryAfterMs)) {
    return new ToolError(
      `This call of ${tool} costs more than its rate limit allows at once, so retrying will not help: ask for less in one call (fewer items, a smaller page).`,
      { code: 'RATE_LIMITED', details: { retryAfterMs: null } },
    );
  }
  const seconds = retryAfterSeconds(refusal.retryAfterMs);
  return new ToolError(
    `Rate limit for ${tool} exceeded. Retry in ${seconds} second${seconds === 1 ? '' : 's'}; other tools are not affected by this limit.`,
    { code: 'RATE_LIMITED', details: { retryAfterMs: refusal.retryAfterMs } },
  );
}

/** For the HTTP layer, after authentication: a 429 Reply, or undefined to go on. */
export async function limitRequest(
  limiter: RateLimiter,
  auth: AuthInfo | undefined,
): Promise<Reply | undefined> {
  const decision = await limiter.check({ auth });
  return decision.allowed ? undefined : rateLimitedReply(decision);
}

/** For tools/call, before the handler: throws the RATE_LIMITED ToolError when over the limit. */
export async function limitToolCall(
  limiter: RateLimiter,
  tool: string,
  auth: AuthInfo | undefined,
): Promise<void> {
  const decision = await limiter.check({ auth, tool });
  if (!decision.allowed) throw rateLimitedToolError(decision, tool);
}
