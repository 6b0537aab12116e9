/** SEP-2549 cache hints carried by cacheable results on 2026-07-28. */
export interface CacheHint {
  /** How long a client may reuse the result, in milliseconds (0: always refetch). */
  ttlMs: number;
  /** `public`: any cache may share it; `private`: only within one authorization context. */
  scope: 'public' | 'private';
}

export interface CacheSettings {
  /** Hint for tools/list, prompts/list, resources/list, templates/list and server/discover. */
  lists: CacheHint;
  /** Default hint for resources/read, overridden per resource. */
  reads: CacheHint;
}

/** The definition is fixed per deployment, so lists can be cached; resource data defaults to fresh. */
export const DEFAULT_CACHE: CacheSettings = {
  lists: { ttlMs: 300_000, scope: 'public' },
  reads: { ttlMs: 0, scope: 'public' },
};
