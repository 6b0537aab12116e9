import type { JsonObject, JsonRpcRequest } from './json-rpc.ts';

/** The stateless revision: no initialize, every request carries its client's `_meta`. */
export const MODERN_REVISION = '2026-07-28';

/** The reserved `_meta` keys of 2026-07-28. */
export const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  logLevel: 'io.modelcontextprotocol/logLevel',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
} as const;

/** The revision a request names in its `_meta` (2026-07-28 and later do), if any. */
export function metaRevision(params: JsonObject | undefined): string | undefined {
  const meta = params?._meta as JsonObject | undefined;
  const version = meta?.[META.protocolVersion];
  return typeof version === 'string' ? version : undefined;
}

const NAME_PARAM: Record<string, 'name' | 'uri'> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
};

/**
 * The headers 2026-07-28 requires on a POST: the revision, and `Mcp-Method` / `Mcp-Name`
 * mirroring the body, so gateways can route without parsing it. A stdio client sends none
 * of them, so the proxy derives them from each message.
 */
export function modernHeaders(request: Pick<JsonRpcRequest, 'method' | 'params'>, revision: string) {
  const headers: Record<string, string> = { 'mcp-protocol-version': revision, 'mcp-method': request.method };
  const param = Object.hasOwn(NAME_PARAM, request.method) ? NAME_PARAM[request.method] : undefined;
  const name = param === undefined ? undefined : request.params?.[param];
  if (typeof name === 'string') headers['mcp-name'] = encodeHeaderValue(name);
  return headers;
}

// Visible ASCII, space and tab (RFC 9110 field values); anything else is Base64-wrapped.
const PLAIN_HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/** A value as a header carries it: plain when header-safe, else the `=?base64?...?=` form. */
export function encodeHeaderValue(value: string): string {
  if (PLAIN_HEADER_VALUE.test(value)) return value;
  return `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}
