import type { AuthInfo } from '../index.ts';

/**
 * Broader scopes and the narrower ones they imply, e.g. `{ 'tasks:admin': ['tasks:write'],
 * 'tasks:write': ['tasks:read'] }` (followed transitively). The MCP authorization spec asks
 * servers to honour such hierarchies when checking a token.
 */
export type ScopeHierarchy = Readonly<Record<string, readonly string[]>>;

/** `scopes` and every scope they imply through `hierarchy`, transitively; the given ones first. */
export function impliedScopes(scopes: readonly string[], hierarchy: ScopeHierarchy = {}): string[] {
  const held = new Set<string>(scopes);
  const pending = [...scopes];
  for (let scope = pending.pop(); scope !== undefined; scope = pending.pop()) {
    // Own entries only: a scope named `constructor` or `__proto__` must not read Object.prototype.
    if (!Object.hasOwn(hierarchy, scope)) continue;
    for (const implied of hierarchy[scope] ?? []) {
      if (held.has(implied)) continue;
      held.add(implied);
      pending.push(implied);
    }
  }
  return [...held];
}

/** The scopes of `required` the caller lacks (all of them when there is no caller). */
export function missingScopes(
  auth: AuthInfo | undefined,
  required: readonly string[],
  hierarchy: ScopeHierarchy = {},
): string[] {
  if (auth === undefined) return [...required];
  const held = new Set(impliedScopes(auth.scopes, hierarchy));
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
