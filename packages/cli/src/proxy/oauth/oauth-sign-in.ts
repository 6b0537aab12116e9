import type { RemoteAuth } from '../../remote/remote-endpoint.ts';
import { REMOTE_UNAUTHORIZED, RemoteFailure } from '../../remote/remote-failure.ts';
import type { CredentialStore } from './credential-store.ts';
import { listenForCallback } from './loopback-callback.ts';
import { openBrowser } from './open-browser.ts';
import { ProxyOAuthProvider } from './proxy-oauth-provider.ts';

export interface OAuthSignInOptions {
  store: CredentialStore;
  /** The loopback port of the redirect URI (default: the one saved for the server, else free). */
  callbackPort?: number;
  /** A client ID metadata document URL, used where the authorization server supports them. */
  clientMetadataUrl?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Aborted when the client goes away: nobody is left to sign in for. */
  signal?: AbortSignal;
  log(line: string): void;
}

/** How long the user has to finish signing in, in the browser. */
const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

/**
 * OAuth for the remote server through the official client's `auth()`: on a 401 whose challenge
 * names protected-resource metadata, a cached token is refreshed if it can be, else the user
 * signs in (authorization code + PKCE, loopback redirect; a client ID metadata document where the
 * authorization server takes one, dynamic registration otherwise). One sign-in at a time: the
 * requests that got a 401 meanwhile wait for it.
 */
export class OAuthSignIn implements RemoteAuth {
  readonly #server: URL;
  readonly #options: OAuthSignInOptions;
  readonly #provider: ProxyOAuthProvider;
  #signingIn: Promise<boolean> | undefined;

  constructor(server: URL, options: OAuthSignInOptions) {
    this.#server = server;
    this.#options = options;
    this.#provider = new ProxyOAuthProvider(server.href, options.store, options.clientMetadataUrl);
  }

  async authorization(): Promise<string | undefined> {
    const tokens = this.#provider.tokens();
    if (tokens === undefined) return undefined;
    const type =
      tokens.token_type?.toLowerCase() === 'bearer' || !tokens.token_type ? 'Bearer' : tokens.token_type;
    return `${type} ${tokens.access_token}`;
  }

  async onUnauthorized(response: Response, usedAuthorization: string | undefined): Promise<boolean> {
    // Another request signed in or refreshed since this one was sent: just retry.
    if (usedAuthorization !== (await this.authorization())) return true;
    this.#signingIn ??= this.#signIn(response).finally(() => {
      this.#signingIn = undefined;
    });
    return this.#signingIn;
  }

  async #signIn(response: Response): Promise<boolean> {
    // The official client is most of the proxy's start time: loaded on the first 401 only.
    const { auth, extractWWWAuthenticateParams } = await import('@modelcontextprotocol/client');
    const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(response);
    // No protected-resource metadata: not an OAuth server; the 401 is reported as it is.
    if (resourceMetadataUrl === undefined) return false;
    const saved = this.#provider.savedRedirectUri();
    const port = this.#options.callbackPort ?? (saved ? Number(new URL(saved).port) : 0);
    const callback = await listenForCallback(port, () => this.#provider.expectedState());
    this.#provider.redirectUri = callback.redirectUri;
    const options = { serverUrl: this.#server, resourceMetadataUrl, ...(scope ? { scope } : {}) };
    try {
      this.#provider.authorizationUrl = undefined;
      if ((await auth(this.#provider, options)) === 'AUTHORIZED') return true;
      const url = this.#provider.authorizationUrl as URL | undefined;
      if (url === undefined) return false;
      this.#options.log(`sign in to ${url.origin} in your browser: ${url.href}`);
      void openBrowser(url.href, this.#options.env, this.#options.log);
      const { code, iss } = await waitForSignIn(callback.result, SIGN_IN_TIMEOUT_MS, this.#options.signal);
      const signedIn = await auth(this.#provider, {
        ...options,
        authorizationCode: code,
        ...(iss ? { iss } : {}),
      });
      return signedIn === 'AUTHORIZED';
    } catch (error) {
      throw new RemoteFailure(
        `signing in to ${this.#server.href} failed: ${(error as Error).message}`,
        REMOTE_UNAUTHORIZED,
      );
    } finally {
      callback.close();
    }
  }
}

function waitForSignIn<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`nobody finished signing in within ${ms / 60_000} minutes`)),
      ms,
    );
    onAbort = () => reject(new Error('the client closed the connection before the sign-in finished'));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, stop]).finally(() => {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  });
}
