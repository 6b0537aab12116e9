import { encodeHeaderValue, mirroredNameParam } from '../http/mirrored-headers.ts';
import { META } from '../protocol/lane.ts';
import { MODERN_VERSION } from '../protocol/versions.ts';

/** A 2026-07-28 request as an HTTP client sends it: the headers and the JSON body. */
export interface McpHttpRequest {
  headers: Record<string, string>;
  body: string;
}

/**
 * Builds a stateless 2026-07-28 request (no initialize; a `notifications/` method has no id): `_meta` carries the protocol
 * version, client capabilities and client info, and the `Mcp-Method` / `Mcp-Name` /
 * `MCP-Protocol-Version` headers mirror the body, as the revision requires (a name that is
 * not header-safe travels Base64-encoded).
 *
 * @example
 * const { headers, body } = mcpRequest('tools/call', { name: 'add', arguments: { a: 1, b: 2 } });
 * await fetch(url, { method: 'POST', headers, body });
 */
export function mcpRequest(
  method: string,
  params: Record<string, unknown> = {},
  options: { id?: number | string; clientInfo?: { name: string; version: string } } = {},
): McpHttpRequest {
  // A notification has no id (JSON-RPC 2.0 4.1): with one it is a request, which the server
  // answers with an error (Method not found) instead of 202 Accepted.
  const notification = method.startsWith('notifications/');
  if (notification && options.id !== undefined) {
    throw new TypeError(`mcpRequest: ${method} is a notification, which has no id (options.id)`);
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': MODERN_VERSION,
    'mcp-method': method,
  };
  const nameParam = mirroredNameParam(method);
  const name = nameParam === undefined ? undefined : params[nameParam];
  if (typeof name === 'string') headers['mcp-name'] = encodeHeaderValue(name);
  const meta = {
    [META.protocolVersion]: MODERN_VERSION,
    [META.clientCapabilities]: {},
    [META.clientInfo]: options.clientInfo ?? { name: 'lambda-mcp-testing', version: '1.0.0' },
    ...(params._meta as Record<string, unknown> | undefined),
  };
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: notification ? undefined : (options.id ?? 1),
    method,
    params: { ...params, _meta: meta },
  });
  return { headers, body };
}
