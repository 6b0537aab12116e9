import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoTime } from './logger.ts';

test('isoTime formats exactly as Date#toISOString, across seconds and millisecond paddings', () => {
  const start = Date.UTC(2026, 11, 31, 23, 59, 58, 0);
  for (const offset of [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 1999, 2000, 2005, 86_400_000 + 42]) {
    const ms = start + offset;
    assert.equal(isoTime(ms), new Date(ms).toISOString(), `at +${offset} ms`);
  }
  // Back to an earlier second after a later one: the cached prefix must not stick.
  assert.equal(isoTime(start + 5), new Date(start + 5).toISOString());
});
