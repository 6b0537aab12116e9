import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LimitRequest } from '../http/index.ts';
import { ToolError } from '../index.ts';
import { limitRequest, limitToolCall, rateLimitedReply, rateLimitedToolError } from './rate-limit-answers.ts';
import { createRateLimiter, type RateLimitRule } from './rate-limiter.ts';
import { requestLimit } from './request-limit.ts';

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const alice = { subject: 'alice', tenant: 'acme', scopes: [], claims: { key_id: 'k-alice' } };
const bob = { subject: 'bob', tenant: 'acme', scopes: [], claims: { key_id: 'k-bob' } };

async function admitted(
  limiter: ReturnType<typeof createRateLimiter>,
  times: number,
  input: Parameters<ReturnType<typeof createRateLimiter>['check']>[0],
) {
  let count = 0;
  for (let i = 0; i < times; i++) if ((await limiter.check(input)).allowed) count++;
  return count;
}

test('per key and tool: burst at once, then rate x elapsed on a fake clock', async () => {
  const clock = fakeClock();
  const limiter = createRateLimiter({
    rules: [{ by: 'key', tool: 'create_task', rate: 10, per: '1s', burst: 20 }],
    now: clock.now,
  });
  assert.equal(await admitted(limiter, 30, { auth: alice, tool: 'create_task' }), 20);
  assert.deepEqual(await limiter.check({ auth: alice, tool: 'create_task' }), {
    allowed: false,
    retryAfterMs: 100,
    rule: { by: 'key', tool: 'create_task', rate: 10, per: '1s', burst: 20 },
    bucket: 'key:create_task:10/1000:20|key:k-alice',
  });
  assert.equal(
    await admitted(limiter, 5, { auth: bob, tool: 'create_task' }),
    5,
    'another key has its own bucket',
  );
  assert.equal(
    await admitted(limiter, 5, { auth: alice, tool: 'list_tasks' }),
    5,
    'other tools are not limited',
  );
  assert.equal(await admitted(limiter, 5, { auth: alice }), 5, 'request-level checks skip tool rules');
  clock.advance(1000);
  assert.equal(await admitted(limiter, 30, { auth: alice, tool: 'create_task' }), 10);
  clock.advance(250);
  assert.equal(await admitted(limiter, 30, { auth: alice, tool: 'create_task' }), 2);
});

// Every user of one OAuth client (one Cognito app client, one registered MCP client) shares
// its client id: keyed by it alone, one user spending the budget refused all the others.
test('by key, an OAuth caller is keyed by its client and subject: users of one client do not share a bucket', async () => {
  const limiter = createRateLimiter({ rules: [{ by: 'key', rate: 2, per: '1h' }], now: () => 0 });
  const user = (subject: string, claims: Record<string, unknown>, clientId?: string) => ({
    subject,
    scopes: [],
    claims,
    ...(clientId === undefined ? {} : { clientId }),
  });
  const carol = user('carol', { client_id: 'web-app' }, 'web-app');
  const dave = user('dave', { client_id: 'web-app' }, 'web-app');
  assert.equal(await admitted(limiter, 3, { auth: carol }), 2);
  assert.equal(await admitted(limiter, 3, { auth: dave }), 2, 'another user of the same client');
  assert.equal(
    ((await limiter.check({ auth: dave })) as { bucket: string }).bucket,
    'key::2/3600000:2|client:["web-app","dave"]',
  );
  // The identity's clientId (Okta cid, Entra appid, a preset's mapping) counts, as azp does.
  const erin = user('erin', { cid: 'okta-app' }, 'okta-app');
  assert.equal(await admitted(limiter, 3, { auth: erin }), 2);
  assert.equal(
    ((await limiter.check({ auth: erin })) as { bucket: string }).bucket,
    'key::2/3600000:2|client:["okta-app","erin"]',
  );
  const frank = user('frank', { azp: 'spa' });
  assert.equal(await admitted(limiter, 3, { auth: frank }), 2);
  assert.equal(
    ((await limiter.check({ auth: frank })) as { bucket: string }).bucket,
    'key::2/3600000:2|client:["spa","frank"]',
  );
  // A client id and a subject that hold the separator are not two other callers.
  assert.equal(await admitted(limiter, 2, { auth: user('y|sub:z', { client_id: 'x' }, 'x') }), 2);
  assert.equal(await admitted(limiter, 2, { auth: user('z', { client_id: 'x|sub:y' }, 'x|sub:y') }), 2);
  // An API key is still keyed by its id alone, whoever its subject is.
  assert.equal(await admitted(limiter, 3, { auth: { ...alice, subject: 'other' } }), 2);
  assert.equal(await admitted(limiter, 1, { auth: alice }), 0, 'same key id, same bucket');
});

// The README's own rules: a global budget, then one per key. Taken in declared order, every
// request of a key over its limit still took a global token before its own bucket refused
// it, so one key could spend the global budget and get every other caller refused.
test('a caller refused by its own bucket takes nothing from the tenant and global buckets', async () => {
  const limiter = createRateLimiter({
    rules: [
      { by: 'global', rate: 10, per: '1h' },
      { by: 'tenant', rate: 6, per: '1h' },
      { by: 'key', rate: 2, per: '1h' },
    ],
    now: () => 0,
  });
  assert.equal(await admitted(limiter, 50, { auth: alice }), 2);
  const refusal = await limiter.check({ auth: alice });
  assert.equal(refusal.allowed === false && refusal.rule.by, 'key', 'refused by its own bucket');
  assert.equal(await admitted(limiter, 50, { auth: bob }), 2, 'bob (same tenant) has his own share left');
  const carol = { subject: 'carol', tenant: 'acme', scopes: [], claims: { key_id: 'k-carol' } };
  assert.equal(await admitted(limiter, 50, { auth: carol }), 2);
  const dan = { subject: 'dan', tenant: 'acme', scopes: [], claims: { key_id: 'k-dan' } };
  const tenantFull = await limiter.check({ auth: dan });
  assert.equal(tenantFull.allowed === false && tenantFull.rule.by, 'tenant', 'the tenant spent its 6');
  const eve = { subject: 'eve', tenant: 'other', scopes: [], claims: { key_id: 'k-eve' } };
  assert.equal(await admitted(limiter, 50, { auth: eve }), 2, 'another tenant: the global budget has 4 left');
});

test('global, tenant and per-tool wildcard rules', async () => {
  const clock = fakeClock();
  const limiter = createRateLimiter({
    rules: [
      { by: 'global', rate: 5, per: '1m' },
      { by: 'tenant', tool: '*', rate: 2, per: '1h' },
    ],
    now: clock.now,
  });
  assert.equal(await admitted(limiter, 3, { auth: alice }), 3);
  assert.equal(await admitted(limiter, 3, { auth: bob }), 2, 'one global bucket');
  assert.equal(await admitted(limiter, 3, { auth: alice, tool: 'a' }), 2);
  assert.equal(await admitted(limiter, 3, { auth: bob, tool: 'a' }), 0, 'same tenant, same bucket');
  assert.equal(await admitted(limiter, 3, { auth: bob, tool: 'b' }), 2, 'each tool apart');
  assert.equal(await admitted(limiter, 1, { tool: 'b' }), 1, 'anonymous callers share one bucket');
});

test('the HTTP answer is 429 with Retry-After in whole seconds and a JSON-RPC error', async () => {
  const limiter = createRateLimiter({ rules: [{ by: 'subject', rate: 1, per: '1m' }], now: () => 0 });
  assert.equal(await limitRequest(limiter, alice), undefined);
  assert.deepEqual(await limitRequest(limiter, alice), {
    status: 429,
    headers: { 'content-type': 'application/json', 'retry-after': '60' },
    body: '{"jsonrpc":"2.0","id":null,"error":{"code":-32029,"message":"Rate limit exceeded: retry after 60 s","data":{"retryAfterMs":60000}}}',
  });
  assert.equal(
    rateLimitedReply({ allowed: false, retryAfterMs: 1, rule: limiter.rules[0]!, bucket: 'b' }).headers[
      'retry-after'
    ],
    '1',
  );
});

test('the tool answer is a RATE_LIMITED ToolError saying when to retry', async () => {
  const limiter = createRateLimiter({
    rules: [{ by: 'key', tool: 'create_task', rate: 10, per: '1s', burst: 1 }],
    now: () => 0,
  });
  await limitToolCall(limiter, 'create_task', alice);
  const error = await limitToolCall(limiter, 'create_task', alice).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof ToolError);
  assert.equal(error.code, 'RATE_LIMITED');
  assert.equal(
    error.message,
    'Rate limit for create_task exceeded. Retry in 1 second; other tools are not affected by this limit.',
  );
  assert.deepEqual(error.details, { retryAfterMs: 100 });
});

test('a check with a negative or non-finite cost is refused before any bucket changes', async () => {
  const clock = fakeClock();
  const limiter = createRateLimiter({ rules: [{ by: 'key', rate: 1, per: '1h', burst: 2 }], now: clock.now });
  for (const cost of [-5, Number.NaN, Number.POSITIVE_INFINITY]) {
    await assert.rejects(limiter.check({ auth: alice, cost }), {
      name: 'TypeError',
      message: `a rate limit check's cost must be a finite number >= 0; got ${String(cost)}`,
    });
  }
  // The burst is still exactly 2: nothing was added by the refused checks.
  assert.equal(await admitted(limiter, 5, { auth: alice }), 2);
});

test('a check costing more than the burst can never pass: the answers say to ask for less, with nothing to wait for', async () => {
  const limiter = createRateLimiter({ rules: [{ by: 'key', rate: 1, per: '1h', burst: 10 }], now: () => 0 });
  const decision = await limiter.check({ auth: alice, cost: 11 });
  assert.equal(decision.allowed, false);
  if (decision.allowed) return;
  const error = rateLimitedToolError(decision, 'import_items');
  assert.equal(
    error.message,
    'This call of import_items costs more than its rate limit allows at once, so retrying will not help: ask for less in one call (fewer items, a smaller page).',
  );
  assert.deepEqual(error.details, { retryAfterMs: null });
  const reply = rateLimitedReply(decision);
  assert.equal(reply.status, 429);
  assert.equal(reply.headers['retry-after'], undefined);
  assert.deepEqual(JSON.parse(reply.body as string).error, {
    code: -32029,
    message: 'Rate limit exceeded: this request costs more than the limit allows at once; ask for less',
    data: { retryAfterMs: null },
  });
  // What fits the burst still passes.
  assert.equal((await limiter.check({ auth: alice, cost: 10 })).allowed, true);
});

test('rejects a rule without a positive rate', () => {
  assert.throws(() => createRateLimiter({ rules: [{ by: 'global', rate: 0, per: '1s' }] }), /rate > 0/);
});

test('refuses at configuration a rule the buckets cannot compute: an unknown "by", an infinite or non-numeric rate or burst', () => {
  const rules: [object, RegExp][] = [
    [
      { by: 'tennant', rate: 10, per: '1s' },
      /^TypeError: a rate limit's "by" must be key, subject, tenant or global; got "tennant"$/,
    ],
    [
      { by: 'key', rate: Number.POSITIVE_INFINITY, per: '1s' },
      /^TypeError: a rate limit needs rate > 0 and burst >= 1, finite numbers; got rate Infinity, burst Infinity$/,
    ],
    [
      { by: 'key', rate: 10, per: '1s', burst: Number.POSITIVE_INFINITY },
      /^TypeError: a rate limit needs rate > 0 and burst >= 1, finite numbers; got rate 10, burst Infinity$/,
    ],
    [
      { by: 'key', rate: '10', per: '1s' },
      /^TypeError: a rate limit needs rate > 0 and burst >= 1, finite numbers; got rate 10, burst 10$/,
    ],
  ];
  for (const [rule, message] of rules) {
    assert.throws(
      () => createRateLimiter({ rules: [rule as RateLimitRule] }),
      (error: unknown) => {
        assert.match(String(error), message);
        return true;
      },
    );
  }
});

// Two rules naming one bucket both take from it: a rule listed twice (configs merged) halved
// its limit, and two rules given one name shared buckets under two different limits.
test('refuses at configuration two rules that would share their buckets', () => {
  assert.throws(
    () =>
      createRateLimiter({
        rules: [
          { by: 'key', rate: 10, per: '1s' },
          { by: 'key', rate: 10, per: '1s' },
        ],
      }),
    {
      name: 'TypeError',
      message:
        'two rate limits name the buckets "key::10/1000:10" (the second is rule 2): each request would take from them twice; remove the repeated rule or give each its own name',
    },
  );
  assert.throws(
    () =>
      createRateLimiter({
        rules: [
          { by: 'subject', rate: 10, per: '1s', name: 'callers' },
          { by: 'tenant', rate: 100, per: '1s', name: 'callers' },
        ],
      }),
    {
      name: 'TypeError',
      message:
        'two rate limits name the buckets "callers" (the second is rule 2): each request would take from them twice; remove the repeated rule or give each its own name',
    },
  );
  // A request-level rule and a tool's rule under one name: a tools/call takes from both.
  assert.throws(
    () =>
      createRateLimiter({
        rules: [
          { by: 'key', rate: 10, per: '1s', name: 'calls' },
          { by: 'key', tool: 'a', rate: 1, per: '1s', name: 'calls' },
        ],
      }),
    /^TypeError: two rate limits name the buckets "calls" \(the second is rule 2\)/,
  );
  // The same numbers for another tool, named apart, or one name on two tools (one budget
  // for both, a call takes from it once) are fine.
  createRateLimiter({
    rules: [
      { by: 'key', rate: 10, per: '1s' },
      { by: 'key', tool: 'a', rate: 10, per: '1s' },
      { by: 'key', rate: 10, per: '1s', name: 'again' },
      { by: 'key', tool: 'b', rate: 5, per: '1s', name: 'writes' },
      { by: 'key', tool: 'c', rate: 5, per: '1s', name: 'writes' },
      { by: 'key', tool: '*', rate: 5, per: '1s', name: 'writes' },
    ],
  });
});

test('requestLimit: a bucket store that fails (throttled, unreachable) answers 503 with Retry-After, not a 500', async () => {
  const throttled = new Error('Rate of requests exceeds the allowed throughput.');
  const failures: unknown[] = [];
  const limiter = createRateLimiter({
    rules: [{ by: 'key', rate: 10, per: '1s' }],
    store: {
      take: async () => {
        throw throttled;
      },
    },
  });
  const limit = requestLimit(limiter, { onStoreError: (error) => failures.push(error) });
  const exchange = {
    method: 'POST',
    path: '/mcp',
    headers: {},
    body: '',
  } as unknown as LimitRequest['exchange'];
  assert.deepEqual(
    await limit({ exchange, auth: undefined, requestId: 7, method: 'tools/list', tool: undefined }),
    {
      status: 503,
      headers: { 'content-type': 'application/json', 'retry-after': '5' },
      body: '{"jsonrpc":"2.0","id":7,"error":{"code":-32603,"message":"The rate-limit store could not be reached; try again shortly"}}',
    },
  );
  assert.deepEqual(failures, [throttled]);
});
