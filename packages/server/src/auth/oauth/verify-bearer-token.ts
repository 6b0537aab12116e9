// `#jose-peer` (package.json imports): on Node, jose is never bundled; elsewhere it is.
import { type Jose, loadJose } from '#jose-peer';
import { withCredential } from '../../server/credential.ts';
import { discoverIssuer } from './authorization-server-metadata.ts';
import { type IntrospectionOptions, introspectToken } from './introspect-token.ts';
import { checkClaims } from './jwt-claims.ts';
import { createNodeJwtVerifier, type SignatureCrypto } from './node-jwt.ts';
import { createRemoteKeySet, type RemoteKeySetOptions } from './remote-key-set.ts';
import { type ClaimMapping, identityFromClaims, type OAuthIdentity } from './token-claims.ts';

export type TokenRejection =
  | 'missing'
  | 'oversized'
  | 'malformed'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'bad_signature'
  | 'unknown_key'
  | 'disallowed_algorithm'
  | 'invalid_claims'
  | 'inactive'
  /** The issuer's JWKS, discovery or introspection could not be reached: not the caller's fault. */
  | 'unavailable';

export type TokenVerification =
  | { ok: true; identity: OAuthIdentity }
  | { ok: false; reason: TokenRejection; detail?: string };

export interface TokenVerifierOptions {
  /** The issuer URL exactly as tokens name it in `iss` (discovery starts here). */
  issuer: string;
  /** Other spellings of the issuer tokens may carry (Google: `accounts.google.com`). */
  acceptedIssuers?: readonly string[];
  /**
   * Accepted audiences: this server's canonical resource URL (RFC 8707), e.g.
   * `https://api.example.com/mcp`; for Google ID tokens, the OAuth client id.
   */
  audience: string | readonly string[];
  /** Where the audience is (default `aud`); Cognito access tokens carry `client_id` instead. */
  audienceClaim?: 'aud' | 'client_id';
  /** Accepted signature algorithms (default RS256, PS256, ES256, EdDSA). Never `none` or HMAC. */
  algorithms?: readonly string[];
  /** Allowed clock difference for `exp`/`nbf`/`iat`, seconds (default 30). */
  clockToleranceSec?: number;
  /** Longer tokens are refused before parsing (default 8192 characters). */
  maxTokenLength?: number;
  /** The JWKS URL, when discovery is not wanted. */
  jwksUri?: string;
  /** Claims every token must have with these exact values, e.g. `{ token_use: 'access' }`. */
  requiredClaims?: Readonly<Record<string, string | boolean>>;
  /** A last check of the verified claims: a description of the failure, or undefined to accept. */
  check?: (claims: Record<string, unknown>) => string | undefined;
  claims?: ClaimMapping;
  /** RFC 7662 introspection for opaque (non-JWT) tokens. */
  introspection?: IntrospectionOptions;
  /** Minimum time between JWKS refetches on an unknown `kid` (default 30 s). */
  jwksCooldownMs?: number;
  /** Keys are refetched after this age (default 10 min). */
  jwksCacheMaxAgeMs?: number;
  fetch?: typeof fetch;
  /**
   * Verified JWTs remembered per execution environment, so a client reusing its token
   * skips the signature check until the token's `exp`, and at most `jwksCacheMaxAgeMs`
   * after it was verified (so a key the issuer withdrew stops its tokens within that time);
   * default 1000 tokens, 0 disables.
   */
  verifiedTokenCache?: number;
  /**
   * Keep the token readable by tools (`credentialOf(ctx.auth)`); default false. The MCP
   * authorization spec forbids passing a token issued for this server on to other APIs
   * (token passthrough); enable this only to exchange it (RFC 8693) or to call an API that
   * shares this audience.
   */
  exposeToken?: boolean;
  /**
   * What checks signatures: `node:crypto` (the default where the runtime has it: Node,
   * Lambda) or `jose` (WebCrypto; the default elsewhere, and the only path that needs the
   * jose peer). Both apply the same rules; `node:crypto` is 4-5x faster per signature and
   * does not import jose (~12 ms cold).
   */
  verifyWith?: 'node:crypto' | 'jose';
  /** The clock, epoch ms (tests inject a fake one). */
  now?: () => number;
}

export interface TokenVerifier {
  (token: string | undefined): Promise<TokenVerification>;
  /**
   * Loads jose, discovers the issuer and fetches its keys now (for Lambda init), so the
   * first request does not pay for it. Rejects when the issuer cannot be reached.
   */
  prepare(): Promise<void>;
}

const FEATURE = 'OAuth bearer token verification';
const DEFAULT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * A verifier of bearer tokens from one issuer. JWTs are checked against the issuer's JWKS
 * (fetched once per execution environment, refetched on an unknown `kid` at most once per
 * cooldown); opaque tokens go to introspection when configured.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const audiences = typeof options.audience === 'string' ? [options.audience] : [...options.audience];
  const algorithms = [...(options.algorithms ?? DEFAULT_ALGORITHMS)];
  for (const alg of algorithms) {
    if (alg === 'none' || alg.startsWith('HS'))
      throw new TypeError(`algorithm ${alg} is not allowed for bearer tokens`);
  }
  const maxLength = options.maxTokenLength ?? 8192;
  const fetcher = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const issuers = [options.issuer, ...(options.acceptedIssuers ?? [])];
  const clockToleranceSec = options.clockToleranceSec ?? 30;
  const jwksUri = async () => {
    const uri = options.jwksUri ?? (await discoverIssuer(options.issuer, fetcher)).jwks_uri;
    if (!uri) throw new Error(`issuer ${options.issuer} publishes no jwks_uri`);
    return uri;
  };
  // How the issuer's key set is cached, whichever path checks signatures.
  const keySetTiming = {
    cooldownMs: options.jwksCooldownMs ?? 30_000,
    maxAgeMs: options.jwksCacheMaxAgeMs ?? 600_000,
    timeoutMs: 5000,
  };
  const nodeCrypto = options.verifyWith === 'jose' ? undefined : builtinCrypto();
  if (options.verifyWith === 'node:crypto' && !nodeCrypto)
    throw new TypeError('verifyWith: "node:crypto" needs a runtime with node:crypto; use "jose"');
  const jwt = nodeCrypto
    ? nodeJwtPath(nodeCrypto, algorithms, { url: jwksUri, fetch: fetcher, ...keySetTiming, now })
    : joseJwtPath(jwksUri, keySetTiming, { algorithms, issuers, clockToleranceSec, now });
  const verifyJwt = async (token: string) => {
    const claims = await jwt.verify(token);
    checkClaims(claims, { issuers, clockToleranceSec, nowSec: Math.floor(now() / 1000) });
    return claims;
  };

  const cacheSize = options.verifiedTokenCache ?? 1000;
  const toleranceMs = clockToleranceSec * 1000;
  // A remembered token is trusted until its `exp` (with the tolerance), and no longer than
  // the keys that verified it are held before a refetch: once the issuer withdraws a key,
  // its tokens stop within the keys' maximum age, as they would without this cache.
  const verified = new Map<string, { identity: OAuthIdentity; trustedUntil: number }>();

  const verify = async (token: string | undefined): Promise<TokenVerification> => {
    if (token === undefined || token === '') return { ok: false, reason: 'missing' };
    if (token.length > maxLength) return { ok: false, reason: 'oversized' };
    const known = verified.get(token);
    if (known !== undefined) {
      if (known.trustedUntil > now()) return { ok: true, identity: copy(known.identity, token) };
      verified.delete(token);
    }
    if (!JWT_SHAPE.test(token)) {
      if (!options.introspection) return { ok: false, reason: 'malformed' };
      const result = await introspectToken(token, {
        ...options.introspection,
        audiences,
        fetch: fetcher,
        now,
      });
      if (!result.ok) return result;
      return accept(result.claims, token);
    }
    let claims: Record<string, unknown>;
    try {
      claims = await verifyJwt(token);
    } catch (error) {
      return { ok: false, ...rejection(error) };
    }
    const named = options.audienceClaim === 'client_id' ? claims.client_id : claims.aud;
    if (!audienceMatches(named, audiences)) return { ok: false, reason: 'wrong_audience' };
    const result = accept(claims, token);
    if (result.ok && cacheSize > 0) {
      // Oldest first out: Map keeps insertion order.
      if (verified.size >= cacheSize) verified.delete(verified.keys().next().value as string);
      verified.set(token, {
        identity: copy(result.identity, undefined),
        trustedUntil: Math.min(Number(claims.exp) * 1000 + toleranceMs, now() + keySetTiming.maxAgeMs),
      });
    }
    return result;
  };
  const prepare = () => jwt.prepare();
  return Object.assign(verify, { prepare });

  // Each request gets its own identity object; the cached one is never handed out.
  function copy(identity: OAuthIdentity, token: string | undefined): OAuthIdentity {
    const fresh = { ...identity, scopes: [...identity.scopes], claims: { ...identity.claims } };
    return options.exposeToken ? withCredential(fresh, token) : fresh;
  }

  function accept(claims: Record<string, unknown>, token: string): TokenVerification {
    for (const [name, value] of Object.entries(options.requiredClaims ?? {})) {
      if (claims[name] !== value)
        return { ok: false, reason: 'invalid_claims', detail: `${name} must be ${value}` };
    }
    const failure = options.check?.(claims);
    if (failure !== undefined) return { ok: false, reason: 'invalid_claims', detail: failure };
    const identity = identityFromClaims(claims, options.claims);
    if (!identity) return { ok: false, reason: 'invalid_claims', detail: 'the token names no subject' };
    return { ok: true, identity: options.exposeToken ? withCredential(identity, token) : identity };
  }
}

/** A way to check a JWT's signature against the issuer's keys, yielding its claims. */
interface JwtPath {
  verify(token: string): Promise<Record<string, unknown>>;
  /** Fetches the keys now (and loads what the path needs). */
  prepare(): Promise<void>;
}

function nodeJwtPath(
  crypto: SignatureCrypto,
  algorithms: readonly string[],
  keys: RemoteKeySetOptions,
): JwtPath {
  const keySet = createRemoteKeySet(keys);
  return {
    verify: createNodeJwtVerifier(crypto, keySet, algorithms),
    prepare: () => keySet.reload(),
  };
}

/**
 * jose's `jwtVerify` over its remote key set, given the same time and issuer rules as
 * `checkClaims` (which then agrees with it).
 */
function joseJwtPath(
  jwksUri: () => Promise<string>,
  timing: { cooldownMs: number; maxAgeMs: number; timeoutMs: number },
  rules: { algorithms: readonly string[]; issuers: string[]; clockToleranceSec: number; now: () => number },
): JwtPath {
  let keys: Promise<ReturnType<Jose['createRemoteJWKSet']>> | undefined;
  const keySet = () => {
    keys ??= (async () => {
      const jose = await loadJose(FEATURE);
      return jose.createRemoteJWKSet(new URL(await jwksUri()), {
        cooldownDuration: timing.cooldownMs,
        cacheMaxAge: timing.maxAgeMs,
        timeoutDuration: timing.timeoutMs,
      });
    })();
    keys.catch(() => {
      keys = undefined;
    });
    return keys;
  };
  return {
    async verify(token) {
      const jose = await loadJose(FEATURE);
      const { payload } = await jose.jwtVerify(token, await keySet(), {
        issuer: rules.issuers,
        algorithms: [...rules.algorithms],
        clockTolerance: rules.clockToleranceSec,
        requiredClaims: ['exp'],
        currentDate: new Date(rules.now()),
      });
      return payload;
    },
    async prepare() {
      await (await keySet()).reload();
    },
  };
}

/** `node:crypto` where the runtime has it, read without a static import (the package also runs on web-standard hosts). */
function builtinCrypto(): SignatureCrypto | undefined {
  const proc = globalThis.process as { getBuiltinModule?: (id: string) => unknown } | undefined;
  return proc?.getBuiltinModule?.('node:crypto') as SignatureCrypto | undefined;
}

/**
 * Whether a token's `aud` (string or array) names one of `audiences`. URLs compare in
 * canonical form (the MCP spec asks servers to accept upper-case scheme and host; an empty
 * path equals `/`); other audiences, such as client ids, compare exactly.
 */
export function audienceMatches(aud: unknown, audiences: readonly string[]): boolean {
  const named = Array.isArray(aud) ? aud : [aud];
  const wanted = new Set(audiences.map(canonicalResource));
  return named.some((value) => typeof value === 'string' && wanted.has(canonicalResource(value)));
}

function canonicalResource(value: string): string {
  if (!/^https?:\/\//i.test(value)) return value;
  try {
    return new URL(value).href;
  } catch {
    return value;
  }
}

/** A jose error as a rejection reason (by code, so jose's error classes need not load). */
function rejection(error: unknown): { reason: TokenRejection; detail?: string } {
  const { code, claim, message } = error as { code?: string; claim?: string; message?: string };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return { reason: 'expired' };
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'nbf' || claim === 'iat') return { reason: 'not_yet_valid' };
      if (claim === 'iss') return { reason: 'wrong_issuer' };
      if (claim === 'aud') return { reason: 'wrong_audience' };
      return { reason: 'invalid_claims', detail: message };
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return { reason: 'disallowed_algorithm' };
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return { reason: 'bad_signature' };
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return { reason: 'unknown_key' };
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return { reason: 'malformed', detail: message };
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
      return { reason: 'unavailable', detail: message };
    default:
      // Discovery or JWKS fetch failures (network, HTTP errors) are ours, not the caller's.
      return { reason: 'unavailable', detail: message };
  }
}
