import type { PageStart } from '../db/task-search.ts';
import { invalidField } from './tool-errors.ts';

export type { PageStart };

const FIRST_PAGE: PageStart = { after: undefined, seen: 0 };

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

/** Where the page a cursor asks for starts; the first page without one. */
export function decodeCursor(
  cursor: string | undefined,
  query: unknown,
  tool: string,
  keyLength: number,
): PageStart {
  if (cursor === undefined) return FIRST_PAGE;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const { k, n, q } = (decoded ?? {}) as { k?: unknown; n?: unknown; q?: unknown };
  const keyOk =
    Array.isArray(k) &&
    k.length === keyLength &&
    k.every((part) => typeof part === 'number' || (typeof part === 'string' && part.length <= 64));
  if (!keyOk || typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw invalidCursor(tool);
  }
  if (q !== JSON.stringify(query)) {
    throw invalidField(
      'cursor',
      'belongs to a query with other filters; repeat the same filters, or omit the cursor',
    );
  }
  return { after: k, seen: n };
}

export function invalidCursor(tool: string) {
  return invalidField(
    'cursor',
    `is not a cursor from ${tool}; pass next_cursor from the previous result, or omit it`,
  );
}
