import type { Reply } from './exchange.ts';
import { isOriginAllowed } from './origin.ts';

/** Request headers an MCP client sends (the `Mcp-Param-*` family is reflected from the preflight). */
const ALLOWED_HEADERS =
  'content-type, accept, authorization, x-api-key, mcp-protocol-version, mcp-method, mcp-name, last-event-id';
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
): Reply {
  const headers: Record<string, string> = { allow: 'POST, OPTIONS' };
  if (origin !== undefined && isOriginAllowed(origin, allowed)) {
    Object.assign(headers, corsHeaders(origin), {
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': withParamHeaders(requestedHeaders),
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

/** The fixed list plus any `Mcp-Param-*` headers the browser asks about (their names vary by tool). */
function withParamHeaders(requested: string | undefined): string {
  const params = (requested ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => PARAM_HEADER.test(name));
  return params.length === 0 ? ALLOWED_HEADERS : `${ALLOWED_HEADERS}, ${params.join(', ')}`;
}
