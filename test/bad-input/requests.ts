import { MODERN_VERSION } from 'lambda-mcp';

/** An HTTP request as the corpus sends it, both as an Exchange and over real HTTP. */
export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export const ENDPOINT = '/mcp';
const BASE_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** Header overrides: a string replaces or adds the header, `null` removes it. */
export type HeaderOverrides = Record<string, string | null>;

function withHeaders(base: Record<string, string>, overrides: HeaderOverrides): Record<string, string> {
  const headers = { ...base };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  return headers;
}

/** A POST to the endpoint with a raw body (a string is sent as is, anything else as JSON). */
export function post(body: unknown, headers: HeaderOverrides = {}): RawRequest {
  return {
    method: 'POST',
    path: ENDPOINT,
    headers: withHeaders(BASE_HEADERS, headers),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/** A 2025 lane request: no `_meta` protocol version, `MCP-Protocol-Version: 2025-11-25`. */
export function legacy(method: string, params: Record<string, unknown> = {}, headers: HeaderOverrides = {}) {
  return post(
    { jsonrpc: '2.0', id: 1, method, params },
    { 'mcp-protocol-version': '2025-11-25', ...headers },
  );
}

/**
 * A well-formed 2026-07-28 request (full `_meta`, mirrored headers), which a case then
 * breaks in one place: `meta` entries set to `null` are removed, as are headers.
 */
export function modern(
  method: string,
  params: Record<string, unknown> = {},
  options: { meta?: Record<string, unknown>; headers?: HeaderOverrides } = {},
): RawRequest {
  const meta: Record<string, unknown> = {
    'io.modelcontextprotocol/protocolVersion': MODERN_VERSION,
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { name: 'bad-input-corpus', version: '1.0.0' },
  };
  for (const [key, value] of Object.entries(options.meta ?? {})) {
    if (value === null) delete meta[key];
    else meta[key] = value;
  }
  const named = params.name ?? params.uri;
  const mirrored: Record<string, string> = { 'mcp-protocol-version': MODERN_VERSION, 'mcp-method': method };
  if (typeof named === 'string') mirrored['mcp-name'] = named;
  return post(
    { jsonrpc: '2.0', id: 1, method, params: { ...params, _meta: meta } },
    { ...mirrored, ...options.headers },
  );
}
