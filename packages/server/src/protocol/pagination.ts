import { base64UrlToBytes, bytesToBase64Url } from './base64.ts';
import { invalidParams } from './errors.ts';

/**
 * Opaque list cursors: the offset of the next page and the list they belong to, so a
 * cursor from tools/list is refused by prompts/list. Any cursor we did not mint -> -32602.
 */
export function paginate<T>(
  items: readonly T[],
  cursor: unknown,
  pageSize: number,
  list: string,
): { page: T[]; nextCursor?: string } {
  const start = cursor === undefined ? 0 : decodeCursor(cursor, list, items.length);
  const page = items.slice(start, start + pageSize);
  const next = start + pageSize;
  return next < items.length ? { page, nextCursor: encodeCursor(list, next) } : { page };
}

function encodeCursor(list: string, offset: number): string {
  return bytesToBase64Url(new TextEncoder().encode(`${list}:${offset}`));
}

function decodeCursor(cursor: unknown, list: string, length: number): number {
  if (typeof cursor === 'string') {
    try {
      const [owner, offset] = new TextDecoder().decode(base64UrlToBytes(cursor)).split(':');
      const n = Number(offset);
      if (owner === list && Number.isInteger(n) && n > 0 && n <= length) return n;
    } catch {
      // falls through to the error below
    }
  }
  throw invalidParams(`Invalid cursor: use the nextCursor value from a previous ${list} result`);
}
