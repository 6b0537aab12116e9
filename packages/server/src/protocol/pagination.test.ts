import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtocolError } from './errors.ts';
import { paginate } from './pagination.ts';

const items = ['a', 'b', 'c', 'd', 'e'];

function rejectsCursor(cursor: unknown, list = 'tools/list') {
  assert.throws(
    () => paginate(items, cursor, 2, list),
    (error: unknown) => {
      assert.ok(error instanceof ProtocolError);
      assert.equal(error.code, -32602);
      assert.equal(error.message, `Invalid cursor: use the nextCursor value from a previous ${list} result`);
      return true;
    },
  );
}

test('walks every page through nextCursor and ends without one', () => {
  const first = paginate(items, undefined, 2, 'tools/list');
  assert.deepEqual(first.page, ['a', 'b']);
  assert.equal(typeof first.nextCursor, 'string');
  const second = paginate(items, first.nextCursor, 2, 'tools/list');
  assert.deepEqual(second.page, ['c', 'd']);
  const last = paginate(items, second.nextCursor, 2, 'tools/list');
  assert.deepEqual(last, { page: ['e'] });
});

test('returns one page without a cursor when everything fits', () => {
  assert.deepEqual(paginate(items, undefined, 5, 'tools/list'), { page: items });
  assert.deepEqual(paginate([], undefined, 5, 'tools/list'), { page: [] });
});

test('rejects a cursor it did not mint with -32602', () => {
  rejectsCursor('not-a-cursor');
  rejectsCursor('');
  rejectsCursor('%%%');
});

test('rejects a cursor that is not a string with -32602', () => {
  rejectsCursor(2);
  rejectsCursor(null);
  rejectsCursor({ offset: 2 });
});

test('rejects a cursor from another list with -32602', () => {
  const { nextCursor } = paginate(items, undefined, 2, 'tools/list');
  rejectsCursor(nextCursor, 'prompts/list');
});

test('rejects a cursor past the end of the list with -32602', () => {
  const { nextCursor } = paginate(['a', 'b', 'c', 'd', 'e', 'f', 'g'], undefined, 6, 'tools/list');
  rejectsCursor(nextCursor);
});
