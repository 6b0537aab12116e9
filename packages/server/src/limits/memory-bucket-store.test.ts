import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { memoryBucketStore } from './memory-bucket-store.ts';

// One token, refilled over 1000 s: a bucket that was used stays empty for the whole test.
const SLOW = { capacity: 1, refillPerMs: 1 / 1_000_000 };

describe('memoryBucketStore', () => {
  test('holds at most maxBuckets: a new bucket evicts the least recently used, even when none is full', async () => {
    const store = memoryBucketStore({ maxBuckets: 3 });
    for (const name of ['a', 'b', 'c']) assert.equal((await store.take(name, SLOW, 0, 1)).allowed, true);
    // a was refused (so used) after b and c: b is now the least recently used.
    assert.equal((await store.take('a', SLOW, 1, 1)).allowed, false);
    assert.equal((await store.take('d', SLOW, 2, 1)).allowed, true);
    // b was evicted (it starts full again); a, c and d kept what they spent.
    assert.deepEqual(
      await Promise.all(['a', 'c', 'd'].map(async (name) => (await store.take(name, SLOW, 3, 1)).allowed)),
      [false, false, false],
    );
    assert.equal((await store.take('b', SLOW, 4, 1)).allowed, true);
  });

  test('thousands of distinct callers past the bound keep the newest buckets exact', async () => {
    const store = memoryBucketStore({ maxBuckets: 100 });
    for (let i = 0; i < 5_000; i++) assert.equal((await store.take(`caller-${i}`, SLOW, i, 1)).allowed, true);
    for (let i = 4_900; i < 5_000; i++) {
      assert.equal((await store.take(`caller-${i}`, SLOW, 5_000, 1)).allowed, false, `caller-${i}`);
    }
  });

  test('refuses a maxBuckets that is not a positive integer', () => {
    for (const maxBuckets of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => memoryBucketStore({ maxBuckets }), {
        name: 'RangeError',
        message: `maxBuckets must be a positive integer (got ${maxBuckets})`,
      });
    }
  });
});
