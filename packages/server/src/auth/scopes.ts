import type { AuthInfo } from '../index.ts';

/**
 * Broader scopes and the narrower ones they imply, e.g. `{ 'tasks:admin': ['tasks:write'],
 * 'tasks:write': ['tasks:read'] }` (followed transitively). The MCP authorization spec asks
 * servers to honour such hierarchies when checking a token.
 */
export type ScopeHierarchy = Readonly<Record<string, readonly string[]>>;

/** The scopes of `required` the caller lacks (all of them when there is no caller). */
export function missingScopes(
  auth: AuthInfo | undefined,
  required: readonly string[],
  hierarchy: ScopeHierarchy = {},
): string[] {
  if (auth === undefined) return [...required];
  const held = new Set<string>();
  const pending = [...auth.scopes];
  for (let scope = pending.pop(); scope !== undefined; scope = pending.pop()) {
    if (held.has(scope)) continue;
    held.add(scope);
    // Own entries only: a scope named `constructor` or `__proto__` must not read Object.prototype.
    if (Object.hasOwn(hierarchy, scope)) pending.push(...(hierarchy[scope] ?? []));
  }
  return required.filter((scope) => !held.has(scope));
}

/** True when the caller holds every scope of `required`. */
export function hasScopes(
  auth: AuthInfo | undefined,
  required: readonly string[],
  hierarchy: ScopeHierarchy = {},
): boolean {
  return missingScopes(auth, required, hierarchy).length === 0;
}
