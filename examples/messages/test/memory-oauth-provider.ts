import type {
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from '@modelcontextprotocol/client';

/**
 * The official client's OAuth client provider, kept in memory: what a desktop app
 * persists between runs. `redirectToAuthorization` records the URL for the scripted
 * browser instead of opening one.
 */
export class MemoryOAuthProvider implements OAuthClientProvider {
  authorizationUrl: URL | undefined;
  saved: {
    client?: StoredOAuthClientInformation;
    tokens?: StoredOAuthTokens;
    verifier?: string;
    discovery?: OAuthDiscoveryState;
  } = {};
  readonly clientMetadataUrl: string | undefined;
  readonly #redirectUrl: string;

  constructor(options: { redirectUrl: string; clientMetadataUrl?: string }) {
    this.#redirectUrl = options.redirectUrl;
    this.clientMetadataUrl = options.clientMetadataUrl;
  }

  get redirectUrl(): string {
    return this.#redirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'messages end-to-end test',
      redirect_uris: [this.#redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation() {
    return this.saved.client;
  }
  saveClientInformation(client: StoredOAuthClientInformation) {
    this.saved.client = client;
  }
  tokens() {
    return this.saved.tokens;
  }
  saveTokens(tokens: StoredOAuthTokens) {
    this.saved.tokens = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.saved.verifier = verifier;
  }
  // Kept with the verifier so the callback leg is checked against the same authorization server.
  saveDiscoveryState(state: OAuthDiscoveryState) {
    this.saved.discovery = state;
  }
  discoveryState() {
    return this.saved.discovery;
  }
  codeVerifier() {
    if (this.saved.verifier === undefined) throw new Error('no code verifier saved');
    return this.saved.verifier;
  }
}
