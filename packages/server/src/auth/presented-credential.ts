import type { Exchange } from '../http/index.ts';

/**
 * Where a caller puts its credential: `'authorization'` reads `Authorization: Bearer <token>`;
 * any other header name (such as `'x-api-key'`) is read as the whole value.
 */
export type CredentialHeader = 'authorization' | (string & {});

/** The credential in `headers`, or undefined when absent or not in the expected form. */
export function presentedCredential(
  headers: Readonly<Record<string, string | undefined>>,
  header: CredentialHeader = 'authorization',
): string | undefined {
  const name = header.toLowerCase();
  const value = headers[name] ?? findHeader(headers, name);
  if (value === undefined) return undefined;
  if (name !== 'authorization') return value.trim() || undefined;
  // RFC 6750 b64token; anything else is not a bearer token.
  const match = /^bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i.exec(value);
  return match?.[1];
}

/** The credential of an exchange (headers are lower-case there). */
export function exchangeCredential(exchange: Exchange, header?: CredentialHeader): string | undefined {
  return presentedCredential(exchange.headers, header);
}

// Lambda events keep the client's header case; exchanges are already lower-cased.
function findHeader(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  for (const key in headers) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}
