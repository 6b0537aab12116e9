import { base64UrlToBytes, bytesToBase64Url } from './base64.ts';
import { invalidParams } from './errors.ts';

/**
 * Opaque list cursors: where the next page starts and the list it belongs to, so a cursor
 * from tools/list is refused by prompts/list. Any cursor we did not mint -> -32602.
 */
export function paginate<T>(
  items: readonly T[],
  cursor: unknown,
  pageSize: number,
  list: string,
): { page: T[]; nextCursor?: string } {
  const start = cursor === undefined ? 0 : decodeCursor(cursor, list);
  if (cursor !== undefined && !isOffsetWithin(start, items.length)) throw invalidCursor(list);
  const page = items.slice(start as number, (start as number) + pageSize);
  const next = (start as number) + pageSize;
  return next < items.length ? { page, nextCursor: encodeCursor(list, next) } : { page };
}

function isOffsetWithin(value: unknown, length: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= length;
}

/** A cursor for `list` carrying any JSON position. */
export function encodeCursor(list: string, position: unknown): string {
  return bytesToBase64Url(new TextEncoder().encode(`${list}:${JSON.stringify(position)}`));
}

/** The position inside a cursor minted by `encodeCursor` for `list`; the caller validates its shape. */
export function decodeCursor(cursor: unknown, list: string): unknown {
  if (typeof cursor === 'string' && cursor.length <= 4096) {
    try {
      const text = new TextDecoder().decode(base64UrlToBytes(cursor));
      if (text.startsWith(`${list}:`)) return JSON.parse(text.slice(list.length + 1));
    } catch {
      // falls through to the error below
    }
  }
  throw invalidCursor(list);
}

export function invalidCursor(list: string) {
  return invalidParams(`Invalid cursor: use the nextCursor value from a previous ${list} result`);
}
