import type { OAuthResourceServerOptions } from './oauth-resource-server.ts';
import { first, listClaim } from './token-claims.ts';

/** Issuer, audience and claim mapping for a known identity provider; spread into `oauthResourceServer`. */
export type IssuerPreset = Pick<
  OAuthResourceServerOptions,
  | 'issuer'
  | 'acceptedIssuers'
  | 'audience'
  | 'audienceClaim'
  | 'claims'
  | 'requiredClaims'
  | 'check'
  | 'algorithms'
>;

/**
 * Amazon Cognito user pool access tokens: `iss` is the pool URL, there is no `aud` (the
 * app client is in `client_id`), scopes are in `scope`, groups in `cognito:groups`.
 */
export function cognito(options: {
  region: string;
  userPoolId: string;
  clientIds: readonly string[];
}): IssuerPreset {
  return {
    issuer: `https://cognito-idp.${options.region}.amazonaws.com/${options.userPoolId}`,
    audience: options.clientIds,
    audienceClaim: 'client_id',
    requiredClaims: { token_use: 'access' },
    algorithms: ['RS256'],
    claims: {
      scopes: (claims) => [
        ...(listClaim(claims.scope) ?? []),
        ...(listClaim(claims['cognito:groups']) ?? []),
      ],
      tenant: (claims) => first(claims, ['custom:tenant', 'tenant']),
      subject: (claims) => first(claims, ['sub', 'username']),
    },
  };
}

/**
 * Google ID tokens (not access tokens, which Google issues opaque): the audience is your
 * OAuth client id, and `hostedDomain` restricts callers to one Workspace domain (`hd`).
 */
export function googleIdToken(options: {
  clientId: string | readonly string[];
  hostedDomain?: string;
}): IssuerPreset {
  // Google writes `hd` in lower case; a domain name has no case.
  const hostedDomain = options.hostedDomain?.toLowerCase();
  return {
    issuer: 'https://accounts.google.com',
    acceptedIssuers: ['accounts.google.com'],
    audience: options.clientId,
    algorithms: ['RS256'],
    claims: { scopes: () => [], tenant: (claims) => first(claims, ['hd']) },
    check: (claims) => {
      if (claims.email_verified !== true) return 'email_verified must be true';
      if (
        hostedDomain !== undefined &&
        (typeof claims.hd !== 'string' || claims.hd.toLowerCase() !== hostedDomain)
      ) {
        return `hd must be ${options.hostedDomain}`;
      }
      return undefined;
    },
  };
}

/**
 * Auth0: `iss` is `https://<domain>/` (trailing slash), `aud` the API identifier; scopes in
 * `scope`, RBAC permissions in `permissions`, organization in `org_id`.
 */
export function auth0(options: { domain: string; audience: string }): IssuerPreset {
  return {
    issuer: `https://${options.domain}/`,
    audience: options.audience,
    claims: {
      scopes: (claims) => [...(listClaim(claims.scope) ?? []), ...(listClaim(claims.permissions) ?? [])],
      tenant: (claims) => first(claims, ['org_id']),
      clientId: (claims) => first(claims, ['azp', 'client_id']),
    },
  };
}

/**
 * Microsoft Entra ID v2.0 tokens: `iss` per tenant, `aud` the app id URI or client id;
 * delegated scopes in `scp` (space-separated), application roles in `roles`, tenant `tid`.
 */
export function entraId(options: { tenantId: string; audience: string | readonly string[] }): IssuerPreset {
  return {
    issuer: `https://login.microsoftonline.com/${options.tenantId}/v2.0`,
    // v1.0 access tokens (the default for an API whose manifest keeps accessTokenAcceptedVersion
    // null) name the STS issuer; both are signed with the tenant's keys found from v2.0 discovery.
    acceptedIssuers: [`https://sts.windows.net/${options.tenantId}/`],
    audience: options.audience,
    algorithms: ['RS256'],
    claims: {
      scopes: (claims) => [...(listClaim(claims.scp) ?? []), ...(listClaim(claims.roles) ?? [])],
      tenant: (claims) => first(claims, ['tid']),
      clientId: (claims) => first(claims, ['azp', 'appid']),
      subject: (claims) => first(claims, ['oid', 'sub']),
    },
  };
}

/** Okta custom authorization server: `scp` is an array, the client in `cid`, the user id in `uid`. */
export function okta(options: {
  domain: string;
  authorizationServerId?: string;
  audience: string;
}): IssuerPreset {
  return {
    issuer: `https://${options.domain}/oauth2/${options.authorizationServerId ?? 'default'}`,
    audience: options.audience,
    claims: {
      scopes: (claims) => listClaim(claims.scp) ?? [],
      clientId: (claims) => first(claims, ['cid']),
    },
  };
}

/**
 * Keycloak realm: `iss` is `<base>/realms/<realm>`; scopes in `scope`, realm roles in
 * `realm_access.roles`, the client in `azp`. Map the audience with an audience mapper.
 */
export function keycloak(options: { baseUrl: string; realm: string; audience: string }): IssuerPreset {
  return {
    issuer: `${options.baseUrl.replace(/\/+$/, '')}/realms/${options.realm}`,
    audience: options.audience,
    claims: {
      scopes: (claims) => {
        const realm = claims.realm_access as { roles?: unknown } | undefined;
        return [...(listClaim(claims.scope) ?? []), ...(listClaim(realm?.roles) ?? [])];
      },
      clientId: (claims) => first(claims, ['azp']),
    },
  };
}
