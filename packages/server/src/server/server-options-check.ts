import type { CacheHint } from './cache-hint.ts';

/**
 * The numbers `createServer` takes, checked when the server is created: a wrong one would
 * otherwise surface per request, far from its cause (a `pageSize` of 0 answers a cursor the
 * server then refuses; a `requestState.ttlMs` of Infinity is written into the token as null,
 * so every state has expired; a fractional cache `ttlMs` breaks the result schema).
 */
export function checkServerOptions(options: {
  pageSize?: number | undefined;
  requestState?: { ttlMs?: number | undefined } | undefined;
  cache?: Partial<Record<string, CacheHint | undefined>> | undefined;
}): void {
  const { pageSize } = options;
  if (pageSize !== undefined && !(Number.isSafeInteger(pageSize) && pageSize >= 1))
    refuse('pageSize', 'an integer of at least 1', pageSize);
  const ttlMs = options.requestState?.ttlMs;
  if (ttlMs !== undefined && !(Number.isFinite(ttlMs) && ttlMs > 0))
    refuse('requestState.ttlMs', 'a finite number of milliseconds above 0', ttlMs);
  for (const [name, hint] of Object.entries(options.cache ?? {})) {
    if (hint === undefined) continue;
    if (!(Number.isSafeInteger(hint.ttlMs) && hint.ttlMs >= 0))
      refuse(`cache.${name}.ttlMs`, 'a whole number of milliseconds, 0 or more', hint.ttlMs);
    if (hint.scope !== 'public' && hint.scope !== 'private')
      refuse(`cache.${name}.scope`, "'public' or 'private'", JSON.stringify(hint.scope));
  }
}

function refuse(option: string, rule: string, value: unknown): never {
  throw new TypeError(`createServer: ${option} must be ${rule}, got ${String(value)}`);
}
