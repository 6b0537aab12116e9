import type { Reply } from '../http/index.ts';

/** JSON-RPC error codes of auth answers (server-defined range). */
export const AuthErrorCode = { Unauthorized: -32001, Forbidden: -32003 } as const;

/** The parameters of a `WWW-Authenticate` challenge (RFC 6750 §3, RFC 9728 §5.1). */
export interface Challenge {
  /** `Bearer` for OAuth tokens and bearer API keys; `ApiKey` for a key in a custom header. */
  scheme: string;
  /** The Protected Resource Metadata URL (RFC 9728). */
  resourceMetadata?: string;
  /** Space-separated scopes the client should request. */
  scope?: string;
  /** `invalid_token`, `insufficient_scope` or `invalid_request`; absent when no credential was sent. */
  error?: 'invalid_token' | 'insufficient_scope' | 'invalid_request';
  errorDescription?: string;
  /** For a custom header scheme: the header to put the key in. */
  header?: string;
}

/** The `WWW-Authenticate` value, with parameters in a fixed order. */
export function challengeHeader(challenge: Challenge): string {
  const params: [string, string | undefined][] = [
    ['resource_metadata', challenge.resourceMetadata],
    ['scope', challenge.scope],
    ['header', challenge.header],
    ['error', challenge.error],
    ['error_description', challenge.errorDescription],
  ];
  const text = params
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    // Quotes and backslashes would end the quoted string; control characters (a newline in
    // a configured scope name, say) and non-Latin-1 ones make a header Node refuses to send.
    .map(([name, value]) => `${name}="${quotable(value)}"`)
    .join(', ');
  return text === '' ? challenge.scheme : `${challenge.scheme} ${text}`;
}

/**
 * `value` without what cannot stand inside a header's quoted string: quotes, backslashes,
 * control characters, and characters past Latin-1, which Node refuses in a header.
 */
function quotable(value: string): string {
  let text = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char !== '"' && char !== '\\' && code > 0x1f && code !== 0x7f && code <= 0xff) text += char;
  }
  return text;
}

/** 401: no credential, or one that did not verify. The body is a JSON-RPC error (id null). */
export function unauthorizedReply(challenge: Challenge, message = 'Unauthorized'): Reply {
  return authReply(401, AuthErrorCode.Unauthorized, message, challenge);
}

/**
 * 403 `insufficient_scope`: the credential is valid but lacks `scopes` (step-up: the
 * client asks the authorization server for a token with these scopes and retries).
 */
export function insufficientScopeReply(
  scopes: readonly string[],
  options: { scheme?: string; resourceMetadata?: string } = {},
): Reply {
  const scope = scopes.join(' ');
  return authReply(403, AuthErrorCode.Forbidden, `Forbidden: this needs the scope "${scope}"`, {
    scheme: options.scheme ?? 'Bearer',
    resourceMetadata: options.resourceMetadata,
    scope,
    error: 'insufficient_scope',
    errorDescription: `This needs the scope ${scope}`,
  });
}

function authReply(status: number, code: number, message: string, challenge: Challenge): Reply {
  const data: Record<string, string> = {};
  // Also in the body: API Gateway REST proxy integrations rename WWW-Authenticate.
  if (challenge.resourceMetadata !== undefined) data.resource_metadata = challenge.resourceMetadata;
  if (challenge.scope) data.scope = challenge.scope;
  if (challenge.error !== undefined) data.error = challenge.error;
  const error = Object.keys(data).length === 0 ? { code, message } : { code, message, data };
  return {
    status,
    headers: { 'content-type': 'application/json', 'www-authenticate': challengeHeader(challenge) },
    body: JSON.stringify({ jsonrpc: '2.0', id: null, error }),
  };
}
