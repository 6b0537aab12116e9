import type { SecurityRequirement, SecuritySchemeObject } from './openapi-types.ts';

/** The parts of an outgoing request a credential can go into. */
export interface RequestParts {
  headers: Record<string, string>;
  query: string[];
  cookies: string[];
}

/**
 * Puts the credential where the operation's security requirement says: an API key in its
 * header, query parameter or cookie; `Authorization: Bearer` for bearer, OAuth 2 and
 * OpenID Connect; `Authorization: Basic` for basic (a `user:password` credential is
 * encoded, an already encoded one is sent as is). `preferred` names the scheme to use
 * when the document offers several. Returns the scheme used, or undefined when the
 * operation declares none this credential can fill.
 */
export function placeCredential(
  credential: string,
  security: readonly SecurityRequirement[],
  schemes: Readonly<Record<string, SecuritySchemeObject>>,
  parts: RequestParts,
  preferred?: string,
): string | undefined {
  const name = chooseScheme(security, schemes, preferred);
  const scheme = name === undefined ? undefined : schemes[name];
  if (name === undefined || scheme === undefined) return undefined;
  if (scheme.type === 'apiKey' && typeof scheme.name === 'string') {
    if (scheme.in === 'query')
      parts.query.push(`${encodeURIComponent(scheme.name)}=${encodeURIComponent(credential)}`);
    else if (scheme.in === 'cookie') parts.cookies.push(`${scheme.name}=${encodeURIComponent(credential)}`);
    else parts.headers[scheme.name.toLowerCase()] = credential;
    return name;
  }
  const kind = scheme.type === 'http' ? (scheme.scheme ?? 'bearer').toLowerCase() : 'bearer';
  parts.headers.authorization = authorization(kind, credential);
  return name;
}

function authorization(kind: string, credential: string): string {
  // A caller's Authorization header forwarded whole already carries its scheme.
  if (/^[A-Za-z][\w-]*\s+\S/.test(credential) && !credential.includes(':')) return credential;
  if (kind === 'basic') {
    return `Basic ${credential.includes(':') ? base64(credential) : credential}`;
  }
  const scheme = kind === 'bearer' ? 'Bearer' : kind.charAt(0).toUpperCase() + kind.slice(1);
  return `${scheme} ${credential}`;
}

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The security scheme a credential fills for these requirements: `preferred` when listed,
 * else the first a credential can fill; undefined when the operation declares none.
 */
export function chooseScheme(
  security: readonly SecurityRequirement[],
  schemes: Readonly<Record<string, SecuritySchemeObject>>,
  preferred?: string,
): string | undefined {
  const usable = security
    .flatMap((requirement) => Object.keys(requirement))
    .filter((name) => Object.hasOwn(schemes, name) && schemes[name]?.type !== 'mutualTLS');
  return preferred !== undefined && usable.includes(preferred) ? preferred : usable[0];
}
