import type { Reply } from './exchange.ts';
import { isOriginAllowed } from './origin.ts';

/** Request headers an MCP client sends (the `Mcp-Param-*` family is reflected from the preflight). */
const ALLOWED_HEADERS =
  'content-type, accept, authorization, x-api-key, mcp-protocol-version, mcp-method, mcp-name, last-event-id';

/**
 * The request headers a preflight allows: the fixed list, plus the headers this server reads
 * a credential from (an `apiKeyAuth({ header: 'x-mcp-key' })`, a `credentialHeader`), which a
 * browser client must be allowed to send. Resolved once per handler.
 */
export function corsAllowedHeaders(credentialHeaders: readonly (string | undefined)[]): string {
  const listed = new Set(ALLOWED_HEADERS.split(', '));
  const extra = credentialHeaders
    .map((header) => header?.trim().toLowerCase())
    .filter((header): header is string => header !== undefined && header !== '' && !listed.has(header));
  return extra.length === 0 ? ALLOWED_HEADERS : `${ALLOWED_HEADERS}, ${[...new Set(extra)].join(', ')}`;
}
/** Response headers a browser client may read. */
const EXPOSED_HEADERS = 'mcp-protocol-version, www-authenticate, retry-after';

/**
 * CORS for browser clients on an allowed origin (configured, or loopback): the preflight
 * and the actual answers carry the origin back. A refused origin gets no CORS headers,
 * so the browser blocks the answer, and the endpoint refuses the request anyway (403).
 */
export function preflightReply(
  origin: string | undefined,
  requestedHeaders: string | undefined,
  allowed: readonly string[] | '*',
  allowedHeaders: string = ALLOWED_HEADERS,
): Reply {
  const headers: Record<string, string> = { allow: 'POST, OPTIONS' };
  if (origin !== undefined && isOriginAllowed(origin, allowed)) {
    Object.assign(headers, corsHeaders(origin), {
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': withParamHeaders(allowedHeaders, requestedHeaders),
      'access-control-max-age': '600',
    });
  }
  return { status: 204, headers, body: '' };
}

/** Adds the CORS headers of an allowed browser origin to an answer. */
export function withCors(reply: Reply, origin: string | undefined, allowed: readonly string[] | '*'): Reply {
  if (origin === undefined || !isOriginAllowed(origin, allowed)) return reply;
  return { ...reply, headers: { ...reply.headers, ...corsHeaders(origin) } };
}

function corsHeaders(origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': EXPOSED_HEADERS,
    vary: 'Origin',
  };
}

/** `Mcp-Param-` and an `x-mcp-header` name, which is any HTTP token (RFC 9110 tchar): `tenant_id`, `api.version`. */
const PARAM_HEADER = /^mcp-param-[a-z0-9!#$%&'*+.^_`|~-]+$/;

/** The allowed list plus any `Mcp-Param-*` headers the browser asks about (their names vary by tool). */
function withParamHeaders(allowedHeaders: string, requested: string | undefined): string {
  const params = (requested ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => PARAM_HEADER.test(name));
  return params.length === 0 ? allowedHeaders : `${allowedHeaders}, ${params.join(', ')}`;
}
