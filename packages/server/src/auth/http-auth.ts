import type { Exchange, Reply } from '../http/index.ts';
import type { AuthInfo } from '../index.ts';

/** How a server's auth is described to clients (Server Card, `/.well-known/mcp-config`). */
export interface AuthDescription {
  /** `apiKey`: a key in `header`; `bearer`: `Authorization: Bearer` (API key or OAuth token). */
  scheme: 'apiKey' | 'bearer' | 'oauth2';
  /** The header carrying the credential, lower case. */
  header: string;
  /** For OAuth: the Protected Resource Metadata URL and the authorization servers. */
  resourceMetadata?: string;
  authorizationServers?: string[];
  scopes?: string[];
}

/**
 * What the HTTP layer plugs in: `authenticate` as `HttpOptions.authenticate`, `routes`
 * answered before the MCP endpoint without auth (exact path match on `exchange.path`),
 * `forbidden(scopes)` for a call that lacks a scope, and `describe` for discovery.
 */
export interface HttpAuth {
  authenticate(exchange: Exchange): Promise<AuthInfo | Reply>;
  routes: Readonly<Record<string, (exchange: Exchange) => Reply>>;
  forbidden(scopes: readonly string[]): Reply;
  describe: AuthDescription;
}
