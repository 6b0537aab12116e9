// Test support (not shipped): a real OAuth 2.1 / OIDC authorization server (panva's
// oidc-provider) on a free loopback port, issuing JWT access tokens bound by resource
// indicator (RFC 8707) to the MCP URL, and opaque ones for `${resource}/opaque`.
// Shared by the library's tests and the end-to-end client tests (examples/messages).
import { createServer, type RequestListener, type Server } from 'node:http';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { freePort } from '../../limits/dynamodb-local.fixture.ts';

export interface TestIssuerOptions {
  scopes: string[];
  /**
   * Also serve browser clients: authorization code + PKCE through oidc-provider's own login
   * and consent pages (any login and password; the account is the login, its email
   * `<login>@example.com`, also put in access tokens) and dynamic client registration.
   */
  interactive?: boolean;
  /**
   * Client ID metadata documents (`https://` client ids): the provider fetches them with this,
   * so a test can answer from loopback. Needs `interactive`.
   */
  fetchClientMetadata?: (url: string, init: RequestInit) => Promise<Response>;
}

export interface TestIssuer {
  issuer: string;
  /** The signing key the provider publishes (private JWK with `kid`), to forge test tokens. */
  signingKey: JWK & { kid: string };
  clientId: string;
  clientSecret: string;
  /** A client credentials token for `resource` (a JWT unless the resource ends in /opaque). */
  token(resource: string, scope?: string): Promise<string>;
  stop(): Promise<void>;
}

// oidc-provider ships no type declarations (and @types/oidc-provider is not installed).
type ProviderClass = new (
  issuer: string,
  configuration: Record<string, unknown>,
) => { callback(): RequestListener };

export async function startTestIssuer(options: TestIssuerOptions): Promise<TestIssuer> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const clientId = 'mcp-test-client';
  const clientSecret = 'a-long-enough-client-secret-for-tests';
  const { default: Provider } = (await import('oidc-provider' as string)) as { default: ProviderClass };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey] },
    // offline_access turns on the refresh_token grant, which MCP clients register for.
    scopes: ['openid', ...(options.interactive ? ['offline_access'] : []), ...options.scopes],
    cookies: { keys: ['test-cookie-key-not-secret'] },
    ttl: {
      ClientCredentials: 300,
      AccessToken: 300,
      AuthorizationCode: 60,
      Grant: 300,
      Interaction: 300,
      Session: 300,
    },
    ...(options.interactive ? interactiveConfiguration(options) : {}),
    features: {
      devInteractions: { enabled: options.interactive === true },
      registration: { enabled: options.interactive === true },
      ...(options.fetchClientMetadata
        ? { clientIdMetadataDocument: { enabled: true, ack: 'draft-02' } }
        : {}),
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      resourceIndicators: {
        enabled: true,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resourceIndicator: string) => ({
          scope: options.scopes.join(' '),
          audience: resourceIndicator,
          accessTokenTTL: 300,
          accessTokenFormat: resourceIndicator.endsWith('/opaque') ? 'opaque' : 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    signingKey,
    clientId,
    clientSecret,
    async token(resource, scope = options.scopes.join(' ')) {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope, resource }).toString(),
      });
      const body = (await response.json()) as { access_token?: string };
      if (!body.access_token) throw new Error(`token request failed: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Accounts, the email claim in access tokens, and the fetch for client metadata documents. */
function interactiveConfiguration(options: TestIssuerOptions): Record<string, unknown> {
  const emailOf = (accountId: string) => `${accountId}@example.com`;
  const fetchClientMetadata = options.fetchClientMetadata;
  return {
    findAccount: (_ctx: unknown, accountId: string) => ({
      accountId,
      claims: async () => ({ sub: accountId, email: emailOf(accountId) }),
    }),
    // JWT access tokens carry only protocol claims unless asked: add the user's email.
    extraTokenClaims: async (_ctx: unknown, token: { accountId?: string }) =>
      token.accountId ? { email: emailOf(token.accountId) } : undefined,
    ...(fetchClientMetadata
      ? {
          // oidc-provider passes an SSRF-guarded dispatcher that refuses loopback; the test's
          // fetch answers from loopback on purpose, so it goes without it.
          fetch: (url: URL | string, init: RequestInit & { dispatcher?: unknown }) => {
            const { dispatcher: _guard, ...rest } = init;
            return fetchClientMetadata(String(url), rest);
          },
        }
      : {}),
  };
}
