import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ToolError } from 'lambda-mcp';
import { decodeCursor, encodeCursor, MAX_SEEN } from './cursor.ts';

const query = { sort: 'created_desc' };
const TYPES = ['timestamptz', 'bigint'] as const;
const KEY = ['2026-12-01T20:43:50.998123+00:00', 42];
const forge = (fields: Record<string, unknown>) =>
  Buffer.from(JSON.stringify({ k: KEY, n: 20, q: JSON.stringify(query), ...fields })).toString('base64url');
const NOT_A_CURSOR =
  'cursor: is not a cursor from list_tasks; pass next_cursor from the previous result, or omit it';

/** Asserts the exact VALIDATION_ERROR a hand-made cursor gets. */
function refuses(cursor: string) {
  assert.throws(
    () => decodeCursor(cursor, query, 'list_tasks', TYPES),
    (error: unknown) =>
      error instanceof ToolError && error.code === 'VALIDATION_ERROR' && error.message === NOT_A_CURSOR,
  );
}

describe('decodeCursor', () => {
  it('reads back what encodeCursor wrote, including an infinite due date', () => {
    const start = { after: KEY, seen: 20 };
    assert.deepEqual(decodeCursor(encodeCursor(start, query), query, 'list_tasks', TYPES), start);
    const due = { after: ['infinity', 7], seen: MAX_SEEN };
    assert.deepEqual(decodeCursor(encodeCursor(due, query), query, 'list_tasks', TYPES), due);
  });

  it('refuses a forged row count: huge, negative, zero, fractional, a string or missing', () => {
    for (const n of [1e308, MAX_SEEN + 1, 2 ** 53, -1, 0, 1.5, '20', null]) refuses(forge({ n }));
    refuses(Buffer.from(JSON.stringify({ k: KEY, q: JSON.stringify(query) })).toString('base64url'));
  });

  it('refuses key parts of the wrong type for their column', () => {
    for (const k of [
      ['not a date', 42],
      [1_700_000_000, 42],
      [KEY[0], '42'],
      [KEY[0], 0],
      [KEY[0], 2 ** 53],
      [KEY[0]],
      [...KEY, 1],
      'k',
    ]) {
      refuses(forge({ k }));
    }
  });

  it('refuses extra fields, a query that is not a string, and JSON that is not an object', () => {
    refuses(forge({ total: 5 }));
    refuses(forge({ q: { sort: 'created_desc' } }));
    refuses(Buffer.from('[1,2,3]').toString('base64url'));
    refuses(Buffer.from('null').toString('base64url'));
    refuses('%%%');
  });
});
