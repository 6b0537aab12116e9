import type { Exchange, Reply } from '../../http/index.ts';
import { dependencyUnavailableReply } from '../../http/replies.ts';
import { type Challenge, insufficientScopeReply, unauthorizedReply } from '../challenge.ts';
import type { HttpAuth } from '../http-auth.ts';
import { exchangeCredential } from '../presented-credential.ts';
import { impliedScopes, missingScopes, type ScopeHierarchy } from '../scopes.ts';
import {
  protectedResourceMetadata,
  protectedResourcePaths,
  protectedResourceReply,
  resourceMetadataUrl,
} from './protected-resource-metadata.ts';
import {
  createTokenVerifier,
  type TokenRejection,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './verify-bearer-token.ts';

export interface OAuthResourceServerOptions extends Omit<TokenVerifierOptions, 'audience'> {
  /** The canonical URL of this MCP endpoint (RFC 8707): tokens must name it in `aud`. */
  resource: string;
  /** Accepted audiences when they differ from `resource` (Entra app id URI, Google client id). */
  audience?: string | readonly string[];
  /** The endpoint path as the HTTP layer sees it (default `/mcp`), to place the metadata routes. */
  endpoint?: string;
  /** Scopes advertised in the metadata and in the 401 challenge. */
  scopesSupported?: readonly string[];
  /** Scopes every request needs; a valid token without them gets 403 insufficient_scope. */
  requiredScopes?: readonly string[];
  /**
   * Broader scopes that imply narrower ones. A caller's `auth.scopes` holds its token's scopes
   * and every scope they imply, so `requiredScopes`, per-tool `auth: { scopes }` and policies
   * reading `ctx.auth.scopes` all see a `tasks:admin` token as holding `tasks:read` too.
   */
  scopeHierarchy?: ScopeHierarchy;
  /** Authorization servers to advertise (default `[issuer]`). */
  authorizationServers?: readonly string[];
  resourceName?: string;
  /**
   * Called on every refused request, for logs and metrics (never receives the token).
   * `detail` says more when there is more: why the issuer was unavailable (unreachable,
   * HTTP 404, metadata naming another issuer), which claim check failed.
   */
  onReject?: (reason: TokenRejection | 'insufficient_scope', exchange: Exchange, detail?: string) => void;
}

/** An OAuth 2.1 resource server: HttpAuth plus the verifier it uses. */
export interface OAuthResourceServer extends HttpAuth {
  verify: TokenVerifier;
  /** The metadata URL advertised in `WWW-Authenticate`. */
  resourceMetadata: string;
}

/**
 * Bearer-token auth for an MCP endpoint: verifies tokens (see `createTokenVerifier`),
 * answers 401 with the RFC 9728 challenge, and serves Protected Resource Metadata.
 */
export function oauthResourceServer(options: OAuthResourceServerOptions): OAuthResourceServer {
  const verify = createTokenVerifier({ ...options, audience: options.audience ?? options.resource });
  const resourceMetadata = resourceMetadataUrl(options.resource, options.endpoint);
  const scope = (options.requiredScopes ?? options.scopesSupported ?? []).join(' ') || undefined;
  const base: Challenge = { scheme: 'Bearer', resourceMetadata, scope };
  const metadataReply = protectedResourceReply(
    protectedResourceMetadata({
      resource: options.resource,
      authorizationServers: options.authorizationServers ?? [options.issuer],
      scopesSupported: options.scopesSupported,
      resourceName: options.resourceName,
      endpoint: options.endpoint,
    }),
  );
  const routes: Record<string, (exchange: Exchange) => Reply> = {};
  for (const path of protectedResourcePaths(options.resource, options.endpoint))
    routes[path] = () => metadataReply;

  return {
    verify,
    resourceMetadata,
    routes,
    describe: {
      scheme: 'oauth2',
      header: 'authorization',
      resourceMetadata,
      authorizationServers: [...(options.authorizationServers ?? [options.issuer])],
      ...(options.scopesSupported ? { scopes: [...options.scopesSupported] } : {}),
    },
    forbidden: (scopes) => insufficientScopeReply(scopes, { resourceMetadata }),
    async authenticate(exchange) {
      // RFC 6750 section 3.1: a request with no Authorization header, or one of another
      // scheme (Basic, DPoP), lacks authentication information: it gets the challenge
      // without an error code. Only a Bearer header whose token is unreadable is a bad token.
      const bearer = /^bearer(?:[ \t]|$)/i.test(exchange.headers.authorization ?? '');
      const token = exchangeCredential(exchange, 'authorization');
      const result: Awaited<ReturnType<TokenVerifier>> =
        token === undefined ? { ok: false, reason: bearer ? 'malformed' : 'missing' } : await verify(token);
      if (result.ok) {
        const identity = result.identity;
        // The verifier hands each request an identity of its own: expanding it in place
        // keeps its non-enumerable credential (exposeToken), which a copy would drop.
        if (options.scopeHierarchy) {
          (identity as { scopes: readonly string[] }).scopes = impliedScopes(
            identity.scopes,
            options.scopeHierarchy,
          );
        }
        const missing = missingScopes(identity, options.requiredScopes ?? []);
        if (missing.length === 0) return identity;
        options.onReject?.('insufficient_scope', exchange);
        return insufficientScopeReply(options.requiredScopes ?? [], { resourceMetadata });
      }
      options.onReject?.(result.reason, exchange, result.detail);
      return rejectionReply(result.reason, result.reason === 'missing', base);
    },
  };
}

const DESCRIPTIONS: Partial<Record<TokenRejection, string>> = {
  expired: 'The access token expired',
  oversized: 'The access token is too long',
};

function rejectionReply(reason: TokenRejection, noCredential: boolean, base: Challenge): Reply {
  // RFC 6750 §3.1: a request with no credentials gets a challenge without an error code.
  if (noCredential) return unauthorizedReply(base, 'Unauthorized: send an OAuth bearer token');
  if (reason === 'unavailable') return dependencyUnavailableReply('The authorization server');
  const description = DESCRIPTIONS[reason] ?? 'The access token is invalid';
  return unauthorizedReply(
    { ...base, error: 'invalid_token', errorDescription: description },
    `Unauthorized: ${description.charAt(0).toLowerCase()}${description.slice(1)}`,
  );
}
