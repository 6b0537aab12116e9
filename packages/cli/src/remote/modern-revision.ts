import type { JsonObject, JsonRpcRequest } from './json-rpc.ts';

/** The reserved `_meta` keys of 2026-07-28. */
export const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  logLevel: 'io.modelcontextprotocol/logLevel',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
} as const;

/** Who is asking, as a 2026-07-28 request says it in its `_meta` (2025 says it once, at initialize). */
export interface ClientIdentity {
  clientInfo: JsonObject;
  capabilities: JsonObject;
}

/** The `_meta` envelope of a 2026-07-28 request: the revision, the client's capabilities and info. */
export function clientMeta(revision: string, client: ClientIdentity, logLevel?: string): JsonObject {
  return {
    [META.protocolVersion]: revision,
    [META.clientCapabilities]: client.capabilities,
    [META.clientInfo]: client.clientInfo,
    ...(logLevel === undefined ? {} : { [META.logLevel]: logLevel }),
  };
}

/** A 2026-07-28 result without the revision's `resultType`: what a 2025 client expects, and what `call` prints. */
export function withoutResultType(result: JsonObject): JsonObject {
  const { resultType: _resultType, ...rest } = result;
  return rest;
}

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
 * of them, so they are derived from each message.
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

/**
 * A value as a header carries it: plain when header-safe, else the `=?base64?...?=` form.
 * Also encoded, as SEP-2243 requires of clients: edge white space (HTTP drops it from a field
 * value) and a plain value that looks like the encoded form (the server would decode it).
 * The same rule as lambda-mcp's own, kept here: the CLI's remote pieces load no framework
 * module, for `call`'s start-up time.
 */
export function encodeHeaderValue(value: string): string {
  const plain =
    PLAIN_HEADER_VALUE.test(value) &&
    !/^[\t ]|[\t ]$/.test(value) &&
    !(value.startsWith('=?base64?') && value.endsWith('?='));
  if (plain) return value;
  return `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}
