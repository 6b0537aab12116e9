import type { JsonRpcErrorBody, RequestId } from '../protocol/jsonrpc.ts';
import type { Reply } from './exchange.ts';

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** A JSON-RPC error as the whole HTTP answer (`id` null when the request was not read). */
export function errorReply(
  status: number,
  id: RequestId | null,
  error: JsonRpcErrorBody,
  headers: Record<string, string> = {},
): Reply {
  return jsonReply(status, { jsonrpc: '2.0', id, error }, headers);
}

export function emptyReply(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: '' };
}
