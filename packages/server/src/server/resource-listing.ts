import { isJsonObject, type JsonObject } from '../protocol/jsonrpc.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../protocol/pagination.ts';
import { type AccessRule, allows } from './access.ts';
import type { RequestContext } from './context.ts';
import type { ServerDefinition } from './definition.ts';
import type { ResourceListing } from './resource.ts';

const LIST = 'resources/list';

/** Where a `resources/list` page starts: a segment (0: registered resources, n: the n-th listing template) and a place in it. */
interface Position {
  segment: number;
  /** Offset among registered resources, or in the array a template returned. */
  offset?: number;
  /** The template's own cursor (segments >= 1). */
  cursor?: string;
}

/**
 * `resources/list` in pages of `pageSize`: first the registered resources, then each
 * listing template's entries. A template that pages itself (returns `nextCursor`) keeps its
 * pages whole, so such a page can run over.
 */
export async function listResources(
  def: ServerDefinition,
  cursor: unknown,
  ctx: RequestContext,
): Promise<JsonObject> {
  const visible = (auth: AccessRule | undefined) => !def.filtersLists || allows(auth, ctx.auth);
  const listing = def.templates.filter((t) => t.options.list !== undefined && visible(t.meta.auth));
  let position: Position | undefined =
    cursor === undefined ? { segment: 0 } : readPosition(cursor, listing.length);
  const resources: JsonObject[] = [];
  // A page fills up across segments: registered resources first, then each template's pages.
  while (position && resources.length < def.pageSize) {
    const { items, next } = await listSegment(
      def,
      listing,
      position,
      ctx,
      def.pageSize - resources.length,
      visible,
    );
    resources.push(...items);
    position = next;
  }
  // A full page that ends at a segment's start must not promise a page that turns out empty.
  if (position && position.offset === undefined && position.cursor === undefined) {
    position = await firstNonEmpty(def, listing, position, ctx, visible);
  }
  return position ? { resources, nextCursor: encodeCursor(LIST, position) } : { resources };
}

async function firstNonEmpty(
  def: ServerDefinition,
  listing: ServerDefinition['templates'],
  start: Position,
  ctx: RequestContext,
  visible: (auth: AccessRule | undefined) => boolean,
): Promise<Position | undefined> {
  let position: Position | undefined = start;
  while (position) {
    const { items, next } = await listSegment(def, listing, position, ctx, def.pageSize, visible);
    if (items.length > 0) return position;
    position = next;
  }
  return undefined;
}

async function listSegment(
  def: ServerDefinition,
  listing: ServerDefinition['templates'],
  position: Position,
  ctx: RequestContext,
  room: number,
  visible: (auth: AccessRule | undefined) => boolean,
): Promise<{ items: JsonObject[]; next: Position | undefined }> {
  const following = (segment: number) => (segment <= listing.length ? { segment } : undefined);
  if (position.segment === 0) {
    const registered = [...def.resources.values()].filter((r) => visible(r.meta.auth));
    const offset = position.offset ?? 0;
    const end = offset + room;
    const items = registered.slice(offset, end).map((r) => r.descriptor);
    return { items, next: end < registered.length ? { segment: 0, offset: end } : following(1) };
  }
  const template = listing[position.segment - 1]!;
  const returned = await template.options.list!(ctx, { cursor: position.cursor });
  const decorate = (item: ResourceListing) => ({ mimeType: template.meta.mimeType, ...item });
  if (Array.isArray(returned)) {
    // A template that returns everything is paged here, like the registered resources.
    const offset = position.offset ?? 0;
    const end = offset + room;
    const items = returned.slice(offset, end).map(decorate);
    const next =
      end < returned.length ? { segment: position.segment, offset: end } : following(position.segment + 1);
    return { items, next };
  }
  // A template that pages itself keeps its pages whole.
  const items = returned.resources.map(decorate);
  const next =
    returned.nextCursor === undefined
      ? following(position.segment + 1)
      : { segment: position.segment, cursor: returned.nextCursor };
  return { items, next };
}

function readPosition(cursor: unknown, segments: number): Position {
  const value = decodeCursor(cursor, LIST);
  if (!isJsonObject(value)) throw invalidCursor(LIST);
  const { segment, offset, cursor: inner } = value;
  const validSegment = typeof segment === 'number' && Number.isSafeInteger(segment) && segment >= 0;
  if (!validSegment || segment > segments) throw invalidCursor(LIST);
  const validOffset = typeof offset === 'number' && Number.isSafeInteger(offset) && offset > 0;
  if (offset !== undefined && !validOffset) throw invalidCursor(LIST);
  if (segment === 0 && !validOffset) throw invalidCursor(LIST);
  if (inner !== undefined && (typeof inner !== 'string' || segment === 0)) throw invalidCursor(LIST);
  const position: Position = { segment };
  if (offset !== undefined) position.offset = offset as number;
  if (inner !== undefined) position.cursor = inner as string;
  return position;
}
