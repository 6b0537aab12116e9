import type { AuthInfo } from '../index.ts';

/** The scopes of `required` the caller lacks (all of them when there is no caller). */
export function missingScopes(auth: AuthInfo | undefined, required: readonly string[]): string[] {
  if (auth === undefined) return [...required];
  return required.filter((scope) => !auth.scopes.includes(scope));
}

/** True when the caller holds every scope of `required`. */
export function hasScopes(auth: AuthInfo | undefined, required: readonly string[]): boolean {
  return missingScopes(auth, required).length === 0;
}
