import { invalidField } from './tool-errors.ts';

/**
 * Opaque page cursors. A cursor remembers the query it belongs to, so reusing one with
 * other filters is an error instead of a silently wrong page.
 */
export function encodeCursor(offset: number, query: unknown): string {
  return Buffer.from(JSON.stringify({ o: offset, q: JSON.stringify(query) })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, query: unknown, tool: string): number {
  if (cursor === undefined) return 0;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const { o, q } = (decoded ?? {}) as { o?: unknown; q?: unknown };
  if (typeof o !== 'number' || !Number.isInteger(o) || o < 0) {
    throw invalidField(
      'cursor',
      `is not a cursor from ${tool}; pass next_cursor from the previous result, or omit it`,
    );
  }
  if (q !== JSON.stringify(query)) {
    throw invalidField(
      'cursor',
      'belongs to a query with other filters; repeat the same filters, or omit the cursor',
    );
  }
  return o;
}
