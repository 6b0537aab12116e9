import type { RawRequest } from './requests.ts';

/** One row of the corpus: a request and exactly what the server must answer. */
export interface BadInputCase {
  name: string;
  request: RawRequest;
  status: number;
  /** The whole JSON body expected (`''` for an empty body). */
  body: unknown;
  /** Response headers that must be present with exactly these values. */
  headers?: Record<string, string>;
  /** Also sent over real HTTP through the node adapter. */
  overHttp?: boolean;
}

/** The JSON-RPC error body a case expects. */
export function rpcError(
  id: number | null,
  code: number,
  message: string,
  data?: unknown,
): Record<string, unknown> {
  const error = data === undefined ? { code, message } : { code, message, data };
  return { jsonrpc: '2.0', id, error };
}

/** The `isError` tool result a case expects (a JSON-RPC success carrying the tool error). */
export function toolErrorResult(text: string, code: string, lane: 'modern' | 'legacy' = 'modern') {
  const meta: Record<string, unknown> = { 'lambda-mcp/error': { code } };
  const result: Record<string, unknown> = {
    content: [{ type: 'text', text: `${code}: ${text}` }],
    isError: true,
    _meta: meta,
  };
  if (lane === 'modern') {
    result.resultType = 'complete';
    meta['io.modelcontextprotocol/serverInfo'] = { name: 'test/bad-input', version: '1.0.0' };
  }
  return { jsonrpc: '2.0', id: 1, result };
}
