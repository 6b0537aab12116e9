import { audienceMatches, type TokenRejection } from './verify-bearer-token.ts';

/** RFC 7662 token introspection, for opaque access tokens. */
export interface IntrospectionOptions {
  /** The introspection endpoint (from the issuer's metadata `introspection_endpoint`). */
  endpoint: string;
  /** This resource server's credentials at the authorization server (client_secret_basic). */
  clientId: string;
  clientSecret: string;
}

type Result =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; reason: TokenRejection; detail?: string };

/**
 * Asks the authorization server whether `token` is active. Not cached: every request
 * with an opaque token costs one round trip (prefer JWT access tokens on Lambda).
 */
export async function introspectToken(
  token: string,
  options: IntrospectionOptions & { audiences: readonly string[]; fetch?: typeof fetch; now?: () => number },
): Promise<Result> {
  let claims: Record<string, unknown>;
  try {
    const response = await (options.fetch ?? fetch)(options.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        authorization: `Basic ${btoa(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`)}`,
      },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok)
      return { ok: false, reason: 'unavailable', detail: `introspection HTTP ${response.status}` };
    const document: unknown = await response.json();
    // RFC 7662 §2.2: a JSON object. `null` here used to throw past the caller (a 500).
    if (typeof document !== 'object' || document === null || Array.isArray(document))
      return { ok: false, reason: 'unavailable', detail: 'introspection answered no JSON object' };
    claims = document as Record<string, unknown>;
  } catch (error) {
    return { ok: false, reason: 'unavailable', detail: (error as Error).message };
  }
  if (claims.active !== true) return { ok: false, reason: 'inactive' };
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= (options.now ?? Date.now)())
    return { ok: false, reason: 'expired' };
  if (!audienceMatches(claims.aud, options.audiences)) return { ok: false, reason: 'wrong_audience' };
  return { ok: true, claims };
}
