import { ErrorCode } from '../protocol/errors.ts';
import type { JsonRpcErrorBody, RequestId } from '../protocol/jsonrpc.ts';
import type { Reply } from './exchange.ts';

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/**
 * Revisions whose schema lets an error answer leave out an `id` it could not read; older
 * revisions follow JSON-RPC 2.0, which says `null`.
 */
const ID_OPTIONAL = new Set(['2026-07-28', '2025-11-25']);

/**
 * A JSON-RPC error as the whole HTTP answer. `id` is undefined when the request was not
 * read far enough to know it: the answer then omits it for clients on a revision that
 * allows that (told by `MCP-Protocol-Version`) and sends `null` to the others.
 */
export function errorReply(
  status: number,
  id: RequestId | undefined,
  error: JsonRpcErrorBody,
  protocolVersion: string | undefined,
  headers: Record<string, string> = {},
): Reply {
  if (id !== undefined) return jsonReply(status, { jsonrpc: '2.0', id, error }, headers);
  const omit = protocolVersion !== undefined && ID_OPTIONAL.has(protocolVersion);
  return jsonReply(status, omit ? { jsonrpc: '2.0', error } : { jsonrpc: '2.0', id: null, error }, headers);
}

export function emptyReply(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: '' };
}

/** What an unexpected failure answers: no detail reaches the client, the log has it all. */
export function internalErrorReply(protocolVersion?: string): Reply {
  return errorReply(
    500,
    undefined,
    { code: ErrorCode.InternalError, message: 'Internal error' },
    protocolVersion,
  );
}

/**
 * 503 for a dependency the request needs that could not be reached (a key store, a
 * rate-limit store, an authorization server): not the caller's fault, so retryable, with
 * `Retry-After`. `what` names it: "The API key store".
 */
export function dependencyUnavailableReply(what: string, id: RequestId | null = null): Reply {
  return jsonReply(
    503,
    {
      jsonrpc: '2.0',
      id,
      error: { code: ErrorCode.InternalError, message: `${what} could not be reached; try again shortly` },
    },
    { 'retry-after': '5' },
  );
}
