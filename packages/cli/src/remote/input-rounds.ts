import type { JsonObject, JsonRpcRequest, JsonRpcResponse } from './json-rpc.ts';
import type { ModernExchange } from './modern-exchange.ts';
import { MODERN_REVISION } from './protocol-revisions.ts';
import { RemoteFailure } from './remote-failure.ts';

/** Results that may ask for input (MRTR) and be retried with the answers. */
const MAX_INPUT_ROUNDS = 16;

/**
 * A 2026-07-28 request to its final answer (a complete result, or an error): while the result
 * is `input_required`, `answer` turns its `inputRequests` into `inputResponses`, and the
 * request is sent again with them and the server's `requestState`.
 */
export async function requestUntilComplete(
  exchange: ModernExchange,
  request: JsonRpcRequest,
  answer: (inputRequests: JsonObject) => Promise<JsonObject>,
  signal: AbortSignal,
): Promise<JsonRpcResponse> {
  let params: JsonObject = request.params ?? {};
  for (let round = 0; round < MAX_INPUT_ROUNDS; round++) {
    const response = await exchange.round({ ...request, params }, MODERN_REVISION, signal);
    const result = response.result;
    if (response.error !== undefined || result === undefined || result.resultType !== 'input_required')
      return response;
    const inputResponses = await answer((result.inputRequests as JsonObject | undefined) ?? {});
    // The retry is the original request plus this round's answers and the server's state.
    const { inputResponses: _answered, requestState: _state, ...base } = params;
    params = {
      ...base,
      ...(Object.keys(inputResponses).length > 0 ? { inputResponses } : {}),
      ...(typeof result.requestState === 'string' ? { requestState: result.requestState } : {}),
    };
  }
  throw new RemoteFailure(
    `${exchange.url.href} asked for input ${MAX_INPUT_ROUNDS} times for one ${request.method}: giving up.`,
    -32603,
  );
}
