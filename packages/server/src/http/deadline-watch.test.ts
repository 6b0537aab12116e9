import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwatchDeadline, watchDeadline } from './deadline-watch.ts';

test('expires each watched deadline, earliest first, and never one that was unwatched', async () => {
  const expired: string[] = [];
  const done = new Promise<void>((resolve) => {
    const now = Date.now();
    // Armed for the later deadline first: the earlier one must re-arm the shared timer.
    watchDeadline(now + 60, () => {
      expired.push('late');
      resolve();
    });
    watchDeadline(now + 20, () => expired.push('early'));
    const cancelled = watchDeadline(now + 10, () => expired.push('unwatched'));
    unwatchDeadline(cancelled);
  });
  await done;
  assert.deepEqual(expired, ['early', 'late']);
});

test('a deadline already past expires on the next turn, not synchronously', async () => {
  let expired = false;
  const fired = new Promise<void>((resolve) =>
    watchDeadline(Date.now() - 5, () => {
      expired = true;
      resolve();
    }),
  );
  assert.equal(expired, false);
  await fired;
  assert.equal(expired, true);
});
