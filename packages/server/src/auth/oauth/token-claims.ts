import type { Identity } from '../../server/credential.ts';

type Claims = Record<string, unknown>;

/** How an issuer's token claims map onto the identity (presets set these). */
export interface ClaimMapping {
  /** The granted scopes (default: `scope` string, else `scp` array or string). */
  scopes?: (claims: Claims) => string[];
  /** The tenant (default: `tenant`, `tid`, `org_id`). */
  tenant?: (claims: Claims) => string | undefined;
  /** The OAuth client (default: `client_id`, `azp`, `cid`, `appid`). */
  clientId?: (claims: Claims) => string | undefined;
  /** The subject (default: `sub`, else `client_id` as for client-credentials introspection). */
  subject?: (claims: Claims) => string | undefined;
}

/** An OAuth identity: AuthInfo plus the email and client id the token names. */
export interface OAuthIdentity extends Identity {
  email?: string;
  clientId?: string;
}

/** The identity of verified claims; undefined when there is no subject. */
export function identityFromClaims(claims: Claims, mapping: ClaimMapping = {}): OAuthIdentity | undefined {
  const subject = (mapping.subject ?? ((c) => first(c, ['sub', 'client_id'])))(claims);
  if (subject === undefined) return undefined;
  const identity: OAuthIdentity = { subject, scopes: (mapping.scopes ?? defaultScopes)(claims), claims };
  const tenant = (mapping.tenant ?? ((c) => first(c, ['tenant', 'tid', 'org_id'])))(claims);
  if (tenant !== undefined) identity.tenant = tenant;
  const email = text(claims.email);
  if (email !== undefined) identity.email = email;
  const clientId = (mapping.clientId ?? ((c) => first(c, ['client_id', 'azp', 'cid', 'appid'])))(claims);
  if (clientId !== undefined) identity.clientId = clientId;
  return identity;
}

/** OAuth `scope` (space-separated), else `scp` (Entra: string; Okta: array). */
export function defaultScopes(claims: Claims): string[] {
  return listClaim(claims.scope) ?? listClaim(claims.scp) ?? [];
}

/** A claim as a list: arrays as they are, strings split on spaces. */
export function listClaim(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string');
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  return undefined;
}

export function first(claims: Claims, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = text(claims[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
