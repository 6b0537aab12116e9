/**
 * The `tools/call` every benchmark sends: `add` {a: 2, b: 3}, expecting the text "5".
 *
 * - 2026-07-28 (lambda-mcp, SDK 2.x, floor): no initialize; the request carries
 *   `_meta` (protocol version, client capabilities, client info) and the mirrored
 *   `Mcp-Method` / `Mcp-Name` / `MCP-Protocol-Version` headers.
 * - 2025-11-25 (SDK 1.x, which does not speak 2026-07-28): its stateless transport
 *   accepts a `tools/call` without a prior initialize when `MCP-Protocol-Version` is set,
 *   so no extra round trip is needed.
 */
export type Revision = '2026-07-28' | '2025-11-25';

export const ENDPOINT_URL = 'http://localhost/mcp';
export const EXPECTED_TEXT = '5';

export function toolsCallBody(revision: Revision, id: number): string {
  const params: Record<string, unknown> = { name: 'add', arguments: { a: 2, b: 3 } };
  if (revision === '2026-07-28') {
    params._meta = {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1.0.0' },
    };
  }
  return JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params });
}

export function toolsCallHeaders(revision: Revision): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': revision,
  };
  if (revision === '2026-07-28') {
    headers['mcp-method'] = 'tools/call';
    headers['mcp-name'] = 'add';
  }
  return headers;
}

export function toolsCallRequest(revision: Revision, id: number): Request {
  return new Request(ENDPOINT_URL, {
    method: 'POST',
    headers: toolsCallHeaders(revision),
    body: toolsCallBody(revision, id),
  });
}

/** Fails loudly when a contender answers anything but the expected result, so no number is from an error path. */
export function assertAnswered(status: number, body: string, contender: string): void {
  let text: unknown;
  try {
    const parsed = JSON.parse(body) as { result?: { content?: { text?: unknown }[]; isError?: boolean } };
    text = parsed.result?.isError ? undefined : parsed.result?.content?.[0]?.text;
  } catch {
    text = undefined;
  }
  if (status !== 200 || text !== EXPECTED_TEXT) {
    throw new Error(`${contender} did not answer tools/call: HTTP ${status} ${body.slice(0, 300)}`);
  }
}
