import { type DispatchInput, dispatch } from '../protocol/dispatch.ts';
import { ErrorCode, ProtocolError } from '../protocol/errors.ts';
import { errorResponse, type JsonObject, type JsonRpcRequest, resultResponse } from '../protocol/jsonrpc.ts';
import type { LaneSelection } from '../protocol/lane.ts';
import type { ServerDefinition } from '../server/create-server.ts';
import type { AuthInfo } from '../server/types.ts';
import type { Exchange, Reply } from './exchange.ts';
import { jsonReply } from './replies.ts';
import { EventChannel, SSE_HEADERS, sseEvent } from './sse.ts';

/**
 * Runs one request and decides its response form lazily: JSON when the result comes
 * before any notification (the common, cheapest case), an SSE stream as soon as a handler
 * emits progress or a log message and the client accepts `text/event-stream`.
 */
export function runRequest(
  def: ServerDefinition,
  exchange: Exchange,
  request: JsonRpcRequest,
  selection: LaneSelection,
  auth: AuthInfo | undefined,
  signal: AbortSignal,
  acceptsSse: boolean,
  onSettled: () => void,
  cancel: () => void,
): Promise<Reply> {
  return new Promise<Reply>((resolve) => {
    let stream: EventChannel | undefined;
    const notify = (method: string, params: JsonObject) => {
      if (!acceptsSse) return;
      if (!stream) {
        stream = new EventChannel(cancel);
        resolve({ status: 200, headers: { ...SSE_HEADERS }, body: stream });
      }
      stream.push(sseEvent({ jsonrpc: '2.0', method, params }));
    };
    const input: DispatchInput = {
      request,
      selection,
      auth,
      signal,
      deadline: exchange.deadline,
      platform: exchange.platform,
      notify,
    };
    const finish = (status: number, message: unknown) => {
      onSettled();
      if (stream) {
        stream.push(sseEvent(message));
        stream.close();
      } else {
        resolve(jsonReply(status, message));
      }
    };
    dispatch(def, input).then(
      (result) => finish(200, resultResponse(request.id, result)),
      (error: unknown) => {
        const failure = toProtocolError(def, request, error);
        // 2025 clients read JSON-RPC errors only from 2xx answers; 2026-07-28 maps them to statuses.
        const status = selection.lane === 'legacy' ? 200 : failure.status;
        finish(status, errorResponse(request.id, failure.toJSON()));
      },
    );
  });
}

function toProtocolError(def: ServerDefinition, request: JsonRpcRequest, error: unknown): ProtocolError {
  if (error instanceof ProtocolError) return error;
  def.logger.error('request failed', { method: request.method, requestId: request.id, error });
  return new ProtocolError(ErrorCode.InternalError, 'Internal error', { status: 500 });
}
