import { isJsonObject, type JsonObject } from '../protocol/jsonrpc.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../protocol/pagination.ts';
import type { RequestContext } from './context.ts';
import type { ServerDefinition } from './definition.ts';
import type { ListReturn, ResourceListing } from './resource.ts';

const LIST = 'resources/list';

/** Where a `resources/list` page starts: a segment (0: registered resources, n: the n-th listing template) and a place in it. */
interface Position {
  segment: number;
  /** Offset among registered resources (segment 0). */
  offset?: number;
  /** The template's own cursor (segments >= 1). */
  cursor?: string;
}

/**
 * `resources/list` in pages of about `pageSize`: first the registered resources, then each
 * listing template's entries, in the pages that template returns (a template's page is
 * never split, so a page can run over).
 */
export async function listResources(
  def: ServerDefinition,
  cursor: unknown,
  ctx: RequestContext,
): Promise<JsonObject> {
  const listing = def.templates.filter((t) => t.options.list !== undefined);
  let position: Position | undefined =
    cursor === undefined ? { segment: 0 } : readPosition(cursor, listing.length);
  const resources: JsonObject[] = [];
  // A page fills up across segments: registered resources first, then each template's pages.
  while (position && resources.length < def.pageSize) {
    const { items, next } = await listSegment(def, listing, position, ctx, def.pageSize - resources.length);
    resources.push(...items);
    position = next;
  }
  return position ? { resources, nextCursor: encodeCursor(LIST, position) } : { resources };
}

async function listSegment(
  def: ServerDefinition,
  listing: ServerDefinition['templates'],
  position: Position,
  ctx: RequestContext,
  room: number,
): Promise<{ items: JsonObject[]; next: Position | undefined }> {
  const following = (segment: number) => (segment <= listing.length ? { segment } : undefined);
  if (position.segment === 0) {
    const registered = [...def.resources.values()];
    const offset = position.offset ?? 0;
    const end = offset + room;
    const items = registered.slice(offset, end).map((r) => r.descriptor);
    return { items, next: end < registered.length ? { segment: 0, offset: end } : following(1) };
  }
  const template = listing[position.segment - 1]!;
  const page = toPage(await template.options.list!(ctx, { cursor: position.cursor }));
  const items = page.resources.map((item) => ({ mimeType: template.meta.mimeType, ...item }));
  const next =
    page.nextCursor === undefined
      ? following(position.segment + 1)
      : { segment: position.segment, cursor: page.nextCursor };
  return { items, next };
}

function toPage(value: ListReturn): { resources: ResourceListing[]; nextCursor?: string | undefined } {
  return Array.isArray(value) ? { resources: value } : value;
}

function readPosition(cursor: unknown, segments: number): Position {
  const value = decodeCursor(cursor, LIST);
  if (!isJsonObject(value)) throw invalidCursor(LIST);
  const { segment, offset, cursor: inner } = value;
  const validSegment = typeof segment === 'number' && Number.isSafeInteger(segment) && segment >= 0;
  if (!validSegment || segment > segments) throw invalidCursor(LIST);
  if (segment === 0 && !(typeof offset === 'number' && Number.isSafeInteger(offset) && offset > 0)) {
    throw invalidCursor(LIST);
  }
  if (segment > 0 && inner !== undefined && typeof inner !== 'string') throw invalidCursor(LIST);
  return segment === 0
    ? { segment, offset: offset as number }
    : { segment, cursor: inner as string | undefined };
}
