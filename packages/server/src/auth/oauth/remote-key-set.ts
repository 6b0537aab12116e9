import { JwtRejection } from './jwt-rejection.ts';

/** A JSON Web Key as an issuer publishes it (RFC 7517), public members only read. */
export interface PublicJwk {
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  /** As published: jose reads any value but an array of distinct strings as permitting nothing. */
  key_ops?: unknown;
  crv?: string;
  [member: string]: unknown;
}

export interface RemoteKeySetOptions {
  /** The JWKS URL (resolved on first use: discovery may be needed to find it). */
  url: () => Promise<string>;
  fetch: typeof fetch;
  /** Minimum time between refetches for an unknown `kid`. */
  cooldownMs: number;
  /** Keys older than this are refetched before use. */
  maxAgeMs: number;
  timeoutMs: number;
  now: () => number;
}

export interface RemoteKeySet {
  /** The current keys, fetched if none are held or they are older than the maximum age. */
  keys(): Promise<readonly PublicJwk[]>;
  /**
   * Refetches when the cooldown since the last fetch (successful or not) allows it: a token
   * named a key we do not hold. False when it did not refetch.
   */
  refreshForUnknownKey(): Promise<boolean>;
  reload(): Promise<void>;
}

/**
 * An issuer's JWKS, fetched once per execution environment and refetched on an unknown
 * `kid` at most once per cooldown, as jose's `createRemoteJWKSet` does; failures as
 * `ERR_JWKS_*` so they read as the issuer being unavailable, not the caller's fault.
 */
export function createRemoteKeySet(options: RemoteKeySetOptions): RemoteKeySet {
  let held: { keys: readonly PublicJwk[]; at: number } | undefined;
  let loading: Promise<void> | undefined;
  // When the last fetch started, whether it succeeded or not: the cooldown counts from it,
  // so a failing JWKS endpoint is not asked again on every request naming an unknown kid.
  let attemptedAt = Number.NEGATIVE_INFINITY;
  // The last fetch's failure, while no fetch has succeeded since.
  let failure: { error: unknown; at: number } | undefined;
  const retryMs = Math.min(options.cooldownMs, FAILED_FETCH_BACKOFF_MS);
  const load = () => {
    if (!loading) {
      attemptedAt = options.now();
      loading = fetchKeys(options)
        .then(
          (keys) => {
            held = { keys, at: options.now() };
            failure = undefined;
          },
          (error: unknown) => {
            failure = { error, at: options.now() };
            throw error;
          },
        )
        .finally(() => {
          loading = undefined;
        });
    }
    return loading;
  };
  return {
    async keys() {
      if (!held || options.now() - held.at >= options.maxAgeMs) {
        // Keys are needed for any JWT-shaped token, signed or not: while the endpoint fails,
        // a fetch per request would make each one wait on it and let anyone hammer a
        // struggling issuer. Within the backoff the last failure answers (a 503) at once.
        if (!loading && failure !== undefined && options.now() - failure.at < retryMs) throw failure.error;
        await load();
      }
      return held!.keys;
    },
    async refreshForUnknownKey() {
      if (!loading && options.now() - attemptedAt < options.cooldownMs) return false;
      await load();
      return true;
    },
    reload: load,
  };
}

/**
 * How long a failed fetch answers for the keys before the next is tried (or the cooldown,
 * when shorter): the 503 it becomes says `Retry-After: 5`, and a fetch may take 5 s.
 */
const FAILED_FETCH_BACKOFF_MS = 5000;

async function fetchKeys(options: RemoteKeySetOptions): Promise<PublicJwk[]> {
  const url = await options.url();
  let response: Response;
  try {
    response = await options.fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const timedOut = (error as { name?: string }).name === 'TimeoutError';
    throw new JwtRejection(
      timedOut ? 'ERR_JWKS_TIMEOUT' : 'ERR_JWKS_INVALID',
      timedOut ? `JWKS request to ${url} timed out` : `JWKS request to ${url} failed: ${String(error)}`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new JwtRejection('ERR_JWKS_INVALID', `JWKS request to ${url} answered HTTP ${response.status}`);
  }
  let document: unknown;
  try {
    document = await response.json();
  } catch {
    throw new JwtRejection('ERR_JWKS_INVALID', `JWKS at ${url} is not JSON`);
  }
  const keys = (document as { keys?: unknown } | null)?.keys;
  if (
    !Array.isArray(keys) ||
    !keys.every((key) => typeof key === 'object' && key !== null && typeof key.kty === 'string')
  )
    throw new JwtRejection('ERR_JWKS_INVALID', `JWKS at ${url} is not a JSON Web Key Set`);
  return keys as PublicJwk[];
}
