import { ErrorCode, ProtocolError } from '../protocol/errors.ts';
import type { AuthInfo } from './auth-info.ts';

/**
 * Who may use a tool, resource, template or prompt: every listed scope (OAuth scopes, or an
 * API key's scopes), or a policy of the caller's identity. Absent: everyone who got past
 * authentication.
 */
export type AccessRule = { scopes: readonly string[] } | ((auth: AuthInfo | undefined) => boolean);

/** Whether `auth` may use what `rule` guards. */
export function allows(rule: AccessRule | undefined, auth: AuthInfo | undefined): boolean {
  if (rule === undefined) return true;
  if (typeof rule === 'function') return rule(auth);
  return missingScopes(rule, auth).length === 0;
}

function missingScopes(rule: { scopes: readonly string[] }, auth: AuthInfo | undefined): string[] {
  const held = new Set(auth?.scopes ?? []);
  return rule.scopes.filter((scope) => !held.has(scope));
}

/**
 * A caller without the scopes (or the policy's consent) for what it asked: answered 403,
 * with the auth provider's `insufficient_scope` challenge when there is one, so a client
 * can step up to a token that has them.
 */
export class AccessDenied extends ProtocolError {
  /** The scopes to ask for (empty when a policy function refused). */
  readonly scopes: readonly string[];

  constructor(what: string, rule: AccessRule, auth: AuthInfo | undefined) {
    const scopes = typeof rule === 'function' ? [] : missingScopes(rule, auth);
    super(
      ErrorCode.Forbidden,
      scopes.length > 0
        ? `Forbidden: ${what} needs the scope${scopes.length > 1 ? 's' : ''} ${scopes.join(' ')}. Authorize with ${scopes.length > 1 ? 'them' : 'it'} and retry.`
        : `Forbidden: this caller may not use ${what}.`,
      scopes.length > 0 ? { requiredScopes: scopes } : undefined,
    );
    this.scopes = scopes;
  }
}

/** Throws AccessDenied unless `auth` may use what `rule` guards. */
export function assertAllowed(what: string, rule: AccessRule | undefined, auth: AuthInfo | undefined): void {
  if (rule !== undefined && !allows(rule, auth)) throw new AccessDenied(what, rule, auth);
}
