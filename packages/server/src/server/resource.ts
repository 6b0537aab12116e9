import { bytesToBase64 } from '../protocol/base64.ts';
import { ErrorCode, invalidParams, ProtocolError } from '../protocol/errors.ts';
import type { Lane } from '../protocol/versions.ts';
import type { Annotations, Icon, ResourceContents } from '../protocol/wire-types.ts';
import type { AccessRule } from './access.ts';
import type { CacheHint } from './cache-hint.ts';
import type { RequestContext } from './context.ts';
import { compileUriTemplate, type UriTemplate } from './uri-template.ts';

export interface ResourceMeta {
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
  annotations?: Annotations;
  icons?: Icon[];
  /** How long clients may cache what `read` returns (default: not cached). */
  cache?: CacheHint;
  /** Who may list and read it: scopes, or a policy of `ctx.auth` (see `AccessRule`). */
  auth?: AccessRule;
  _meta?: Record<string, unknown>;
}

/** Text (a string), bytes (a Uint8Array), one content object without `uri`, or full contents. */
export type ResourceReturn =
  | string
  | Uint8Array
  | { text: string; mimeType?: string }
  | { blob: string; mimeType?: string }
  | ResourceContents[];

export type CompletionSource = (
  value: string,
  context: { arguments: Record<string, string>; ctx: RequestContext },
) => string[] | Promise<string[]>;

export interface ResourceTemplateOptions {
  /** Completion of template variables, by variable name. */
  complete?: Record<string, CompletionSource>;
  /**
   * Concrete resources of this template to include in `resources/list`. Return them all, or
   * one page and the cursor of the next (any string you can read back; the client passes it
   * through inside the server's own cursor). A list computed per request is not cached by
   * default (see `cache.resources`).
   */
  list?: (ctx: RequestContext, page: { cursor: string | undefined }) => ListReturn | Promise<ListReturn>;
}

/** All the template's resources, or a page of them and where the next page starts. */
export type ListReturn =
  | ResourceListing[]
  | { resources: ResourceListing[]; nextCursor?: string | undefined };

export interface ResourceListing {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

export interface StaticResource {
  readonly uri: string;
  readonly meta: ResourceMeta;
  readonly descriptor: Record<string, unknown>;
  readonly read: (ctx: RequestContext) => ResourceReturn | Promise<ResourceReturn>;
}

export interface TemplateResource {
  readonly template: UriTemplate;
  readonly meta: ResourceMeta;
  readonly descriptor: Record<string, unknown>;
  readonly options: ResourceTemplateOptions;
  readonly read: (
    uri: string,
    variables: Record<string, string>,
    ctx: RequestContext,
  ) => ResourceReturn | Promise<ResourceReturn>;
}

function describe(key: 'uri' | 'uriTemplate', value: string, meta: ResourceMeta): Record<string, unknown> {
  const { cache: _cache, auth: _auth, ...fields } = meta;
  return { [key]: value, ...fields };
}

export function defineResource(
  uri: string,
  meta: ResourceMeta,
  read: StaticResource['read'],
): StaticResource {
  return { uri, meta, descriptor: describe('uri', uri, meta), read };
}

export function defineResourceTemplate(
  uriTemplate: string,
  meta: ResourceMeta,
  read: TemplateResource['read'],
  options: ResourceTemplateOptions = {},
): TemplateResource {
  return {
    template: compileUriTemplate(uriTemplate),
    meta,
    descriptor: describe('uriTemplate', uriTemplate, meta),
    options,
    read,
  };
}

/** Normalises what a read handler returned into `contents`, filling uri and mimeType. */
export function toContents(
  uri: string,
  mimeType: string | undefined,
  value: ResourceReturn,
): ResourceContents[] {
  const withType = <T extends object>(content: T, type = mimeType) =>
    type ? { ...content, mimeType: type } : content;
  if (typeof value === 'string') return [withType({ uri, text: value })];
  if (value instanceof Uint8Array) return [withType({ uri, blob: bytesToBase64(value) })];
  if (Array.isArray(value)) return value;
  if ('text' in value) return [withType({ uri, text: value.text }, value.mimeType ?? mimeType)];
  return [withType({ uri, blob: value.blob }, value.mimeType ?? mimeType)];
}

export function resourceNotFound(uri: string, lane: Lane): ProtocolError {
  const message = `Resource not found: ${uri}`;
  // 2025 revisions have their own code for it; 2026-07-28 answers invalid params.
  return lane === 'legacy'
    ? new ProtocolError(ErrorCode.ResourceNotFound, message, { uri })
    : invalidParams(message, { uri });
}
