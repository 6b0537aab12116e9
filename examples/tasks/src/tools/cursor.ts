import type { PageStart, SortKeyType } from '../db/task-search.ts';
import { invalidField } from './tool-errors.ts';

export type { PageStart };

const FIRST_PAGE: PageStart = { after: undefined, seen: 0 };

/**
 * The most rows a cursor may say were shown before it. A cursor is not signed, so its count
 * is only bounded, not proven: 2^31 − 1 rows in one listing is far past anything a client
 * pages through, and keeps a forged `n: 1e308` from becoming `total: 1e+308`.
 */
export const MAX_SEEN = 2 ** 31 - 1;

// What json_build_array prints for a timestamptz key part (or the 'infinity' a missing due date sorts as).
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)|infinity)$/;
const INT4_MAX = 2 ** 31 - 1;

/** Whether one key part has the shape the server writes for its column type. */
const KEY_PART_OK: Record<SortKeyType, (part: unknown) => boolean> = {
  timestamptz: (part) => typeof part === 'string' && TIMESTAMP.test(part),
  bigint: (part) => Number.isSafeInteger(part) && (part as number) >= 1,
  int: (part) => Number.isInteger(part) && Math.abs(part as number) <= INT4_MAX,
};

/**
 * Opaque page cursors: the sort key of the last row shown (the next page starts after it)
 * and how many rows came before. A cursor remembers the query it belongs to, so reusing one
 * with other filters is an error instead of a silently wrong page.
 */
export function encodeCursor(start: PageStart, query: unknown): string {
  return Buffer.from(JSON.stringify({ k: start.after, n: start.seen, q: JSON.stringify(query) })).toString(
    'base64url',
  );
}

/**
 * Where the page a cursor asks for starts; the first page without one. Every field is
 * checked against what `encodeCursor` writes (exactly `k`, `n` and `q`; each key part of its
 * column's type; a count from 1 to MAX_SEEN), so a hand-made cursor is a VALIDATION_ERROR.
 */
export function decodeCursor(
  cursor: string | undefined,
  query: unknown,
  tool: string,
  keyTypes: readonly SortKeyType[],
): PageStart {
  if (cursor === undefined) return FIRST_PAGE;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(tool);
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw invalidCursor(tool);
  const fields = Object.keys(decoded).sort().join(',');
  const { k, n, q } = decoded as { k?: unknown; n?: unknown; q?: unknown };
  const keyOk =
    Array.isArray(k) && k.length === keyTypes.length && k.every((part, i) => KEY_PART_OK[keyTypes[i]!](part));
  // n >= 1: a cursor is only issued after a page that showed at least one row.
  const seenOk = Number.isSafeInteger(n) && (n as number) >= 1 && (n as number) <= MAX_SEEN;
  if (fields !== 'k,n,q' || !keyOk || !seenOk || typeof q !== 'string') throw invalidCursor(tool);
  if (q !== JSON.stringify(query)) {
    throw invalidField(
      'cursor',
      'belongs to a query with other filters; repeat the same filters, or omit the cursor',
    );
  }
  return { after: k as (string | number)[], seen: n as number };
}

export function invalidCursor(tool: string) {
  return invalidField(
    'cursor',
    `is not a cursor from ${tool}; pass next_cursor from the previous result, or omit it`,
  );
}

// Postgres: invalid_text_representation, invalid_datetime_format, datetime_field_overflow, numeric_value_out_of_range.
const BAD_VALUE = new Set(['22P02', '22007', '22008', '22003']);

/**
 * Whether a listing's error is Postgres failing to read the key of a hand-made cursor (a
 * timestamp of the right shape that is not on the calendar, say): the caller answers that the
 * cursor is not one, not an internal error.
 */
export function isUnreadableCursorKey(error: unknown): boolean {
  return BAD_VALUE.has((error as { code?: string } | null)?.code ?? '');
}
