import { randomBytes } from 'node:crypto';
import type {
  OAuthClientInformationContext,
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from '@modelcontextprotocol/client';
import type { CredentialStore } from './credential-store.ts';

/**
 * The official client's OAuth provider for one remote server, persisted in the credential
 * store: client registrations and tokens per issuer, the server's issuer and loopback
 * redirect URI so a later run reuses them. The PKCE verifier, state and discovery state live
 * for one sign-in only.
 */
export class ProxyOAuthProvider implements OAuthClientProvider {
  readonly clientMetadataUrl: string | undefined;
  /** Set before each sign-in: the loopback callback currently listening. */
  redirectUri = 'http://127.0.0.1/callback';
  /** The authorization URL `auth()` asked to open (the sign-in opens it). */
  authorizationUrl: URL | undefined;
  readonly #server: string;
  readonly #store: CredentialStore;
  #verifier: string | undefined;
  #state: string | undefined;
  #discovery: OAuthDiscoveryState | undefined;

  constructor(server: string, store: CredentialStore, clientMetadataUrl?: string) {
    this.#server = server;
    this.#store = store;
    this.clientMetadataUrl = clientMetadataUrl;
  }

  get redirectUrl(): string {
    return this.redirectUri;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'lambda-mcp proxy',
      redirect_uris: [this.redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  /** The redirect URI the server's client was registered with: the next sign-in listens there. */
  savedRedirectUri(): string | undefined {
    return this.#store.read().servers[this.#server]?.redirectUri;
  }

  state(): string {
    this.#state = randomBytes(16).toString('base64url');
    return this.#state;
  }

  expectedState(): string | undefined {
    return this.#state;
  }

  clientInformation(ctx?: OAuthClientInformationContext): StoredOAuthClientInformation | undefined {
    const issuer = ctx?.issuer ?? this.#issuer();
    const client = issuer === undefined ? undefined : this.#store.read().issuers[issuer]?.client;
    // A registration names its redirect URIs: one for another loopback port must register again.
    const registered = (client as { redirect_uris?: unknown } | undefined)?.redirect_uris;
    if (Array.isArray(registered) && !registered.includes(this.redirectUri)) return undefined;
    return client;
  }

  saveClientInformation(client: StoredOAuthClientInformation, ctx?: OAuthClientInformationContext): void {
    const issuer = ctx?.issuer ?? this.#issuer();
    if (issuer === undefined) return;
    this.#store.update((file) => {
      file.issuers[issuer] = { ...file.issuers[issuer], client };
      const binding = file.servers[this.#server];
      // Tokens from another issuer are not this one's: they go with the old binding.
      const tokens = binding?.issuer === issuer ? binding.tokens : undefined;
      file.servers[this.#server] = {
        issuer,
        redirectUri: this.redirectUri,
        ...(tokens === undefined ? {} : { tokens }),
      };
    });
  }

  /** This server's tokens from `issuer`: never those another server got from the same issuer. */
  tokens(ctx?: OAuthClientInformationContext): StoredOAuthTokens | undefined {
    const issuer = ctx?.issuer ?? this.#issuer();
    const binding = this.#store.read().servers[this.#server];
    return issuer !== undefined && binding?.issuer === issuer ? binding.tokens : undefined;
  }

  saveTokens(tokens: StoredOAuthTokens, ctx?: OAuthClientInformationContext): void {
    const issuer = ctx?.issuer ?? (tokens as { issuer?: string }).issuer ?? this.#issuer();
    if (issuer === undefined) return;
    this.#store.update((file) => {
      file.servers[this.#server] = { issuer, redirectUri: this.redirectUri, tokens };
    });
  }

  redirectToAuthorization(url: URL): void {
    this.authorizationUrl = url;
  }

  saveCodeVerifier(verifier: string): void {
    this.#verifier = verifier;
  }

  codeVerifier(): string {
    if (this.#verifier === undefined) throw new Error('no PKCE code verifier: the sign-in was not started');
    return this.#verifier;
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.#discovery = state;
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.#discovery;
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope === 'verifier') this.#verifier = undefined;
    if (scope === 'discovery' || scope === 'all') this.#discovery = undefined;
    if (scope === 'verifier' || scope === 'discovery') return;
    const issuer = this.#issuer();
    if (issuer === undefined) return;
    this.#store.update((file) => {
      const binding = file.servers[this.#server];
      if ((scope === 'all' || scope === 'tokens') && binding?.issuer === issuer) delete binding.tokens;
      if (scope === 'all' || scope === 'client') delete file.issuers[issuer]?.client;
    });
  }

  #issuer(): string | undefined {
    const discovered =
      this.#discovery?.authorizationServerMetadata?.issuer ?? this.#discovery?.authorizationServerUrl;
    return discovered ?? this.#store.read().servers[this.#server]?.issuer;
  }
}
