import { ErrorCode, ProtocolError } from '../protocol/errors.ts';
import { errorResponse, type JsonObject, type JsonRpcRequest, resultResponse } from '../protocol/jsonrpc.ts';
import type { LaneSelection } from '../protocol/lane.ts';
import type { AuthInfo } from '../server/auth-info.ts';
import type { ServerDefinition } from '../server/create-server.ts';
import { type DispatchInput, dispatch } from '../server/dispatch.ts';
import type { Exchange, Reply } from './exchange.ts';
import { notifyObserver, type Observer, type Outcome } from './observer.ts';
import { JSON_HEADERS } from './replies.ts';
import { fitResult, type ResultLimit } from './result-limit.ts';
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
  hooks: { observe?: Observer; resultLimit?: ResultLimit } = {},
): Promise<Reply> {
  const started = performance.now();
  const tool = request.method === 'tools/call' ? String(request.params?.name) : undefined;
  notifyObserver(() =>
    hooks.observe?.onRequestStart?.({
      requestId: request.id,
      method: request.method,
      tool,
      meta: selection.meta,
      platform: exchange.platform,
    }),
  );
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
    const finish = (status: number, message: { result?: JsonObject; error?: { code: number } }) => {
      onSettled();
      const fitted = fitResult(request, message, JSON.stringify(message), hooks.resultLimit);
      if (fitted.replaced === 'error' && selection.lane === 'modern') status = 500;
      observe(hooks.observe, exchange, request, selection, tool, started, message, fitted.replaced);
      if (stream) {
        stream.push(`event: message\ndata: ${fitted.serialized}\n\n`);
        stream.close();
      } else {
        resolve({ status, headers: { ...JSON_HEADERS }, body: fitted.serialized });
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

function observe(
  observer: Observer | undefined,
  exchange: Exchange,
  request: JsonRpcRequest,
  selection: LaneSelection,
  tool: string | undefined,
  started: number,
  message: { result?: JsonObject; error?: { code: number } },
  replaced: 'tool_error' | 'error' | undefined,
): void {
  if (!observer) return;
  const durationMs = performance.now() - started;
  const errorCode = replaced === 'error' ? -32603 : message.error?.code;
  const outcome: Outcome =
    replaced ??
    (message.error
      ? 'error'
      : message.result?.resultType === 'input_required'
        ? 'input_required'
        : message.result?.isError === true
          ? 'tool_error'
          : 'ok');
  const client = selection.clientInfo;
  const { meta } = selection;
  const { platform } = exchange;
  const { id: requestId, method } = request;
  notifyObserver(() =>
    observer.onRequest?.({
      requestId,
      method,
      tool,
      client,
      protocolVersion: selection.version,
      durationMs,
      outcome,
      errorCode,
      meta,
      platform,
    }),
  );
  if (tool !== undefined)
    notifyObserver(() =>
      observer.onToolCall?.({ requestId, tool, client, durationMs, outcome, meta, platform }),
    );
}

function toProtocolError(def: ServerDefinition, request: JsonRpcRequest, error: unknown): ProtocolError {
  if (error instanceof ProtocolError) return error;
  def.logger.error('request failed', { method: request.method, requestId: request.id, error });
  return new ProtocolError(ErrorCode.InternalError, 'Internal error', { status: 500 });
}
