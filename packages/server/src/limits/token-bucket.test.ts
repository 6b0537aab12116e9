import assert from 'node:assert/strict';
import { test } from 'node:test';
import { durationMs } from './duration.ts';
import { msUntilFull, takeTokens } from './token-bucket.ts';

const limit = { capacity: 20, refillPerMs: 10 / 1000 };

test('a missing bucket is full: the first take leaves capacity - 1', () => {
  assert.deepEqual(takeTokens(undefined, limit, 1000), {
    allowed: true,
    state: { tokens: 19, updatedAt: 1000 },
    remaining: 19,
  });
});

test('an empty bucket refuses with the time until one token is back', () => {
  assert.deepEqual(takeTokens({ tokens: 0.5, updatedAt: 1000 }, limit, 1000), {
    allowed: false,
    retryAfterMs: 50,
    remaining: 0,
  });
});

test('refills at rate x elapsed, capped at capacity', () => {
  assert.deepEqual(takeTokens({ tokens: 0, updatedAt: 1000 }, limit, 2000), {
    allowed: true,
    state: { tokens: 9, updatedAt: 2000 },
    remaining: 9,
  });
  assert.deepEqual(takeTokens({ tokens: 0, updatedAt: 1000 }, limit, 1_000_000), {
    allowed: true,
    state: { tokens: 19, updatedAt: 1_000_000 },
    remaining: 19,
  });
});

test('a clock behind the stored time refills nothing and keeps the later time', () => {
  assert.deepEqual(takeTokens({ tokens: 3, updatedAt: 5000 }, limit, 4000), {
    allowed: true,
    state: { tokens: 2, updatedAt: 5000 },
    remaining: 2,
  });
});

test('a cost above capacity can never pass', () => {
  assert.deepEqual(takeTokens(undefined, limit, 0, 21), {
    allowed: false,
    retryAfterMs: Infinity,
    remaining: 20,
  });
});

test('time until full, and durations', () => {
  assert.equal(msUntilFull(10, limit), 1000);
  assert.deepEqual(
    ['500ms', '1s', '1.5s', '1m', '1h', '1d'].map((text) => durationMs(text as '1s')),
    [500, 1000, 1500, 60_000, 3_600_000, 86_400_000],
  );
  assert.throws(() => durationMs('1 week' as '1s'), /duration must look like/);
  assert.throws(() => durationMs(0), /duration must be positive/);
});
