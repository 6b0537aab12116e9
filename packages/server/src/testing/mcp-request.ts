/** A 2026-07-28 request as an HTTP client sends it: the headers and the JSON body. */
export interface McpHttpRequest {
  headers: Record<string, string>;
  body: string;
}

// Which parameter `Mcp-Name` mirrors for the methods that have one.
const NAMED_BY: Record<string, 'name' | 'uri'> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
};

/**
 * Builds a stateless 2026-07-28 request (no initialize): `_meta` carries the protocol
 * version, client capabilities and client info, and the `Mcp-Method` / `Mcp-Name` /
 * `MCP-Protocol-Version` headers mirror the body, as the revision requires.
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
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': method,
  };
  const nameField = NAMED_BY[method];
  const name = nameField === undefined ? undefined : params[nameField];
  if (typeof name === 'string') headers['mcp-name'] = name;
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': options.clientInfo ?? {
      name: 'lambda-mcp-testing',
      version: '1.0.0',
    },
    ...(params._meta as Record<string, unknown> | undefined),
  };
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: options.id ?? 1,
    method,
    params: { ...params, _meta: meta },
  });
  return { headers, body };
}
