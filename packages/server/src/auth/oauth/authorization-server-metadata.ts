/** The fields of RFC 8414 / OIDC discovery metadata this package reads. */
export interface AuthorizationServerMetadata {
  issuer: string;
  jwks_uri?: string;
  introspection_endpoint?: string;
  token_endpoint?: string;
  scopes_supported?: string[];
  [field: string]: unknown;
}

const discovered = new Map<string, Promise<AuthorizationServerMetadata>>();

/**
 * The issuer's metadata, from `/.well-known/openid-configuration` (OIDC) or else
 * `/.well-known/oauth-authorization-server` (RFC 8414, path inserted after the host).
 * Cached per process (per Lambda execution environment); a failure is not cached.
 */
export function discoverIssuer(
  issuer: string,
  fetcher: typeof fetch = fetch,
): Promise<AuthorizationServerMetadata> {
  let pending = discovered.get(issuer);
  if (!pending) {
    pending = fetchMetadata(issuer, fetcher);
    discovered.set(issuer, pending);
    pending.catch(() => discovered.delete(issuer));
  }
  return pending;
}

/** The URLs tried for an issuer, in order. */
export function discoveryUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  return [
    `${url.origin}${path}/.well-known/openid-configuration`,
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
    `${url.origin}/.well-known/openid-configuration${path}`,
  ];
}

async function fetchMetadata(issuer: string, fetcher: typeof fetch): Promise<AuthorizationServerMetadata> {
  const failures: string[] = [];
  // One deadline for all candidate URLs, not one each: an unreachable issuer costs 5 s, not 15.
  const signal = AbortSignal.timeout(5000);
  for (const url of discoveryUrls(issuer)) {
    try {
      const response = await fetcher(url, {
        headers: { accept: 'application/json' },
        signal,
      });
      if (!response.ok) {
        failures.push(`${url}: HTTP ${response.status}`);
        continue;
      }
      const metadata = (await response.json()) as AuthorizationServerMetadata;
      // RFC 8414 §3.3 / OIDC Discovery §4.3: the document must name the issuer we asked for.
      if (metadata.issuer !== issuer) {
        throw new Error(`${url} names issuer "${metadata.issuer}", expected "${issuer}"`);
      }
      return metadata;
    } catch (error) {
      if (error instanceof Error && error.message.includes('names issuer')) throw error;
      failures.push(`${url}: ${(error as Error).message}`);
    }
  }
  throw new Error(`Could not discover the metadata of issuer ${issuer}: ${failures.join('; ')}`);
}
