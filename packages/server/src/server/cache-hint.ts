import type { AuthInfo } from './auth-info.ts';

/** SEP-2549 cache hints carried by cacheable results on 2026-07-28. */
export interface CacheHint {
  /** How long a client may reuse the result, in milliseconds (0: always refetch). */
  ttlMs: number;
  /** `public`: any cache may share it; `private`: only within one authorization context. */
  scope: 'public' | 'private';
}

/** Cache hints per result; every field is optional in `createServer({ cache })`. */
export interface CacheSettings {
  /** Default for the lists fixed per deployment: tools, prompts, resource templates, `server/discover`. */
  lists: CacheHint;
  tools?: CacheHint;
  prompts?: CacheHint;
  resourceTemplates?: CacheHint;
  /**
   * `resources/list`. Default: like `lists` when every listed resource is registered with
   * `server.resource`; not cached (`ttlMs: 0`) when a template's `list` computes entries
   * per request, since those are live data.
   */
  resources?: CacheHint;
  /** Default for `resources/read`, overridden per resource by its `cache` meta. */
  reads: CacheHint;
}

/** The definition is fixed per deployment, so its lists can be cached; resource data defaults to fresh. */
export const DEFAULT_CACHE = {
  lists: { ttlMs: 300_000, scope: 'public' },
  reads: { ttlMs: 0, scope: 'public' },
} as const satisfies CacheSettings;

/** What a list computed per request says: nothing to reuse, and nothing to share across callers. */
const LIVE_LIST_CACHE: CacheHint = { ttlMs: 0, scope: 'private' };

/** The hint of each cacheable list method, resolved once. */
export function resolveListHints(
  settings: Partial<CacheSettings> | undefined,
  liveResources: boolean,
): Record<string, CacheHint> {
  const lists = settings?.lists ?? DEFAULT_CACHE.lists;
  return {
    'tools/list': settings?.tools ?? lists,
    'prompts/list': settings?.prompts ?? lists,
    'resources/templates/list': settings?.resourceTemplates ?? lists,
    'resources/list': settings?.resources ?? (liveResources ? LIVE_LIST_CACHE : lists),
    'server/discover': lists,
  };
}

/** A result that may vary by caller must not be shared across authorization contexts. */
export function scopeFor(scope: 'public' | 'private', auth: AuthInfo | undefined): 'public' | 'private' {
  return auth ? 'private' : scope;
}
