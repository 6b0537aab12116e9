import type { AuthInfo } from '../index.ts';
import type { BucketStore } from './bucket-store.ts';
import { type Duration, durationMs } from './duration.ts';
import { memoryBucketStore } from './memory-bucket-store.ts';
import type { BucketLimit } from './token-bucket.ts';

/**
 * One limit, e.g. `{ by: 'key', tool: 'create_task', rate: 10, per: '1s', burst: 20 }`:
 * each API key may call create_task 10 times a second, 20 at once.
 */
export interface RateLimitRule {
  /**
   * Whose bucket: `key` (the API key id, else the OAuth client and subject together, else the subject),
   * `subject`, `tenant` (else the subject) or `global` (one bucket for everyone).
   */
  by: 'key' | 'subject' | 'tenant' | 'global';
  /** A tool name: the rule limits calls of that tool; `'*'`: each tool apart. Absent: every request. */
  tool?: string;
  /** Tokens added per `per`. */
  rate: number;
  per: Duration;
  /** Bucket capacity: requests allowed at once (default `rate`). */
  burst?: number;
  /** Names the rule's buckets (default derived from the rule); set it to keep buckets when tuning numbers. */
  name?: string;
}

export type RateLimitDecision =
  | { allowed: true }
  | { allowed: false; retryAfterMs: number; rule: RateLimitRule; bucket: string };

export interface RateLimiterOptions {
  rules: readonly RateLimitRule[];
  /** Default: memory (per process). Use `dynamoBucketStore` for limits across Lambda instances. */
  store?: BucketStore;
  /** The clock, epoch ms (tests inject a fake one). */
  now?: () => number;
}

export interface RateLimiter {
  /**
   * Takes one token from every bucket that applies: the request-level rules when `tool`
   * is absent, the rules of that tool otherwise; the caller's own buckets (key, subject)
   * first, then the tenant's, then the global one. Stops at the first refusal (tokens taken
   * from earlier buckets of the same call stay taken).
   */
  check(input: { auth?: AuthInfo | undefined; tool?: string; cost?: number }): Promise<RateLimitDecision>;
  readonly rules: readonly RateLimitRule[];
}

interface CompiledRule {
  rule: RateLimitRule;
  id: string;
  limit: BucketLimit;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const store = options.store ?? memoryBucketStore();
  const now = options.now ?? Date.now;
  const compiled: CompiledRule[] = options.rules.map((rule) => {
    if (!BY.includes(rule.by)) {
      throw new TypeError(`a rate limit's "by" must be key, subject, tenant or global; got "${rule.by}"`);
    }
    const perMs = durationMs(rule.per);
    const burst = rule.burst ?? rule.rate;
    // Infinity would make the bucket arithmetic NaN: every other request refused for a day.
    if (!(isFiniteNumber(rule.rate) && rule.rate > 0) || !(isFiniteNumber(burst) && burst >= 1)) {
      throw new TypeError(
        `a rate limit needs rate > 0 and burst >= 1, finite numbers; got rate ${String(rule.rate)}, burst ${String(burst)}`,
      );
    }
    return {
      rule,
      id: rule.name ?? `${rule.by}:${rule.tool ?? ''}:${rule.rate}/${perMs}:${burst}`,
      limit: { capacity: burst, refillPerMs: rule.rate / perMs },
    };
  });
  // Two rules naming one bucket in one request would both take from it: a rule listed twice
  // halves its limit, and a name given twice shares buckets under two limits. (One name on
  // two tools' rules is one budget for both tools, which is fine: a call takes from it once.)
  compiled.forEach((second, index) => {
    const first = compiled
      .slice(0, index)
      .find((rule) => sameBuckets(rule.rule, second.rule, rule.id, second.id));
    if (first)
      throw new TypeError(
        `two rate limits name the buckets "${second.id}" (the second is rule ${index + 1}): each request would take from them twice; remove the repeated rule or give each its own name`,
      );
  });
  // The caller's own buckets first, then the tenant's, then the global one (declared order
  // within each; sort is stable): the first refusal stops, so a caller over its own limit
  // takes nothing from the buckets it shares with others. In declared order a global rule
  // listed first gave up a token to every request a key's rule then refused, and one key
  // could spend everyone's budget.
  compiled.sort((a, b) => BREADTH[a.rule.by] - BREADTH[b.rule.by]);
  return {
    rules: options.rules,
    async check({ auth, tool, cost = 1 }) {
      // A negative cost would add tokens past the burst; NaN would poison the bucket.
      if (!(isFiniteNumber(cost) && cost >= 0))
        throw new TypeError(`a rate limit check's cost must be a finite number >= 0; got ${String(cost)}`);
      const at = now();
      for (const { rule, id, limit } of compiled) {
        if (tool === undefined ? rule.tool !== undefined : rule.tool !== tool && rule.tool !== '*') continue;
        const bucket = `${id}|${rule.tool === '*' ? `${tool}|` : ''}${whose(rule.by, auth)}`;
        const decision = await store.take(bucket, limit, at, cost);
        if (!decision.allowed) return { allowed: false, retryAfterMs: decision.retryAfterMs, rule, bucket };
      }
      return { allowed: true };
    },
  };
}

/**
 * Whether two rules take from the same buckets in one request: the same id, and both
 * request-level, both for one tool, both `'*'`, or one request-level and one for a tool
 * (a `tools/call` runs both checks). A `'*'` rule's buckets also carry the tool name.
 */
function sameBuckets(a: RateLimitRule, b: RateLimitRule, idA: string, idB: string): boolean {
  if (idA !== idB) return false;
  if (a.tool === b.tool) return true;
  return (a.tool === undefined && b.tool !== '*') || (b.tool === undefined && a.tool !== '*');
}

/** How many callers share a rule's bucket, in rank: the narrower ones are taken first. */
const BREADTH: Readonly<Record<RateLimitRule['by'], number>> = { key: 0, subject: 0, tenant: 1, global: 2 };

const BY: readonly string[] = ['key', 'subject', 'tenant', 'global'] satisfies RateLimitRule['by'][];

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function whose(by: RateLimitRule['by'], auth: AuthInfo | undefined): string {
  if (by === 'global') return '*';
  if (auth === undefined) return 'anonymous';
  const claims = auth.claims;
  if (by === 'key') {
    if (typeof claims.key_id === 'string') return `key:${claims.key_id}`;
    // An OAuth token is one user's grant to one client: keyed by the client alone, every
    // user of a shared client (one Cognito app client, one registered MCP client) would
    // spend one budget, and one of them could refuse all the others. JSON keeps a client id
    // or subject holding `|` from naming another pair.
    const client = [(auth as { clientId?: unknown }).clientId, claims.client_id, claims.azp].find(
      (value) => typeof value === 'string',
    );
    return client === undefined ? `sub:${auth.subject}` : `client:${JSON.stringify([client, auth.subject])}`;
  }
  if (by === 'tenant' && auth.tenant !== undefined) return `tenant:${auth.tenant}`;
  return `sub:${auth.subject}`;
}
