import type { JsonObject, JsonRpcRequest } from '../protocol/jsonrpc.ts';
import { TOOL_ERROR_META_KEY } from '../server/tool.ts';

/**
 * The largest answer a host can deliver (Lambda's buffered responses stop at 6 MB).
 * `measure` returns the bytes a serialized JSON-RPC message will take in the host's own
 * encoding (the Lambda adapter embeds it in a JSON string, which escapes quotes); the
 * default counts UTF-8 bytes.
 */
export interface ResultLimit {
  maxBytes: number;
  measure?: (serialized: string) => number;
}

export interface FittedResult {
  serialized: string;
  /** What replaced an oversized answer, if anything. */
  replaced: 'tool_error' | 'error' | undefined;
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
  limit: ResultLimit | undefined,
): FittedResult {
  // No encoding takes more than 6 bytes per UTF-16 unit (a JSON `\uXXXX` escape): most answers skip measuring.
  if (limit === undefined || serialized.length * 6 <= limit.maxBytes)
    return { serialized, replaced: undefined };
  const bytes = limit.measure ? limit.measure(serialized) : new TextEncoder().encode(serialized).length;
  if (bytes <= limit.maxBytes) return { serialized, replaced: undefined };
  const advice =
    'Ask for less (narrower filters, fewer items, pagination), return resource links the client reads separately, or serve this server with a streaming handler (createStreamingHandler), which has no such limit.';
  const { result } = message;
  if (request.method === 'tools/call' && result) {
    const tool = String(request.params?.name);
    const replacement: JsonObject = {
      ...(result.resultType === undefined ? {} : { resultType: result.resultType }),
      content: [
        {
          type: 'text',
          text: `RESULT_TOO_LARGE: The result of tool ${tool} is ${bytes} bytes, over this host's ${limit.maxBytes}-byte response limit. ${advice}`,
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
    code: -32603,
    message: `Result too large: the answer to ${request.method} is ${bytes} bytes, over this host's ${limit.maxBytes}-byte response limit. ${advice}`,
    data: { bytes, maxBytes: limit.maxBytes },
  };
  return { serialized: JSON.stringify({ jsonrpc: '2.0', id: request.id, error }), replaced: 'error' };
}
