import { ErrorCode } from '../protocol/errors.ts';
import type { JsonObject, JsonRpcRequest } from '../protocol/jsonrpc.ts';
import { TOOL_ERROR_META_KEY } from '../server/tool.ts';
import { sseMessage } from './sse.ts';

/**
 * The largest answer a host can deliver (Lambda's buffered responses stop at 6 MB).
 * `measure` returns the bytes a serialized text will take in the host's own encoding (the
 * Lambda adapter embeds the body in a JSON string, which escapes quotes); the default
 * counts UTF-8 bytes.
 */
export interface ResultLimit {
  maxBytes: number;
  measure?: (serialized: string) => number;
  /** Whether the host offers a streaming handler to suggest (an ALB has none). Default true. */
  canStream?: boolean;
}

export interface FittedResult {
  serialized: string;
  /** What replaced an oversized answer, if anything. */
  replaced: 'tool_error' | 'error' | undefined;
}

const ASK_LESS =
  'Ask for less (narrower filters, fewer items, pagination), or return resource links the client reads separately';

/** What the client (the model, for a tool) can do about an answer over the limit. */
function advice(limit: ResultLimit): string {
  return limit.canStream === false
    ? `${ASK_LESS}.`
    : `${ASK_LESS}, or serve this server with a streaming handler (createStreamingHandler), which has no such limit.`;
}

/**
 * A serialized JSON-RPC response that fits the limit, or, when it does not, an answer the
 * client can act on: a tool error result for `tools/call` (so the model can ask for less)
 * and a JSON-RPC internal error for anything else.
 */
export function fitResult(
  request: JsonRpcRequest,
  message: { result?: JsonObject },
  serialized: string,
  limit: ResultLimit,
): FittedResult {
  // No encoding takes more than 6 bytes per UTF-16 unit (a JSON `\uXXXX` escape): most answers skip measuring.
  if (serialized.length * 6 <= limit.maxBytes) return { serialized, replaced: undefined };
  const bytes = measure(limit, serialized);
  if (bytes <= limit.maxBytes) return { serialized, replaced: undefined };
  const { result } = message;
  if (request.method === 'tools/call' && result) {
    const tool = String(request.params?.name);
    const replacement: JsonObject = {
      // 2026-07-28 results carry a resultType, 2025 ones none. The replacement is a final
      // answer even when it replaces an oversized InputRequiredResult (its state grew too big).
      ...(result.resultType === undefined ? {} : { resultType: 'complete' }),
      content: [
        {
          type: 'text',
          text: `RESULT_TOO_LARGE: The result of tool ${tool} is ${bytes} bytes, over this host's ${limit.maxBytes}-byte response limit. ${advice(limit)}`,
        },
      ],
      isError: true,
      _meta: {
        ...(result._meta as JsonObject | undefined),
        [TOOL_ERROR_META_KEY]: { code: 'RESULT_TOO_LARGE', bytes, maxBytes: limit.maxBytes },
      },
    };
    const serializedReplacement = JSON.stringify({ jsonrpc: '2.0', id: request.id, result: replacement });
    return { serialized: serializedReplacement, replaced: 'tool_error' };
  }
  const error = {
    code: ErrorCode.InternalError,
    message: `Result too large: the answer to ${request.method} is ${bytes} bytes, over this host's ${limit.maxBytes}-byte response limit. ${advice(limit)}`,
    data: { bytes, maxBytes: limit.maxBytes },
  };
  return { serialized: JSON.stringify({ jsonrpc: '2.0', id: request.id, error }), replaced: 'error' };
}

/**
 * A whole SSE body for a host that buffers: the final message first gets the room it needs
 * (replaced when it alone is too large), then the notifications, in order, while they fit.
 * Notifications are what a client can lose; the answer is not.
 */
export function fitBuffered(
  request: JsonRpcRequest,
  message: { result?: JsonObject },
  serialized: string,
  events: readonly string[],
  limit: ResultLimit,
): { body: string; replaced: FittedResult['replaced']; droppedNotifications: number } {
  const fitted = fitResult(request, message, serialized, limit);
  const final = sseMessage(fitted.serialized);
  let room = limit.maxBytes - measure(limit, final);
  let body = '';
  let kept = 0;
  for (const event of events) {
    const size = measure(limit, event);
    if (size > room) break;
    room -= size;
    body += event;
    kept++;
  }
  return { body: body + final, replaced: fitted.replaced, droppedNotifications: events.length - kept };
}

function measure(limit: ResultLimit, text: string): number {
  return limit.measure ? limit.measure(text) : new TextEncoder().encode(text).length;
}
