import { ErrorCode, httpStatusFor, internalError, ProtocolError } from '../protocol/errors.ts';
import { errorResponse, type JsonObject, type JsonRpcRequest, resultResponse } from '../protocol/jsonrpc.ts';
import type { LaneSelection } from '../protocol/lane.ts';
import { AccessDenied } from '../server/access.ts';
import type { AuthInfo } from '../server/auth-info.ts';
import type { ServerDefinition } from '../server/definition.ts';
import { dispatch } from '../server/dispatch.ts';
import type { ToolError } from '../server/tool-error.ts';
import type { AcceptedTypes } from './accept.ts';
import { unwatchDeadline, watchDeadline } from './deadline-watch.ts';
import { DROPPABLE_BACKLOG_BYTES, EventChannel } from './event-channel.ts';
import type { Exchange, Reply } from './exchange.ts';
import type { ResolvedHttpOptions } from './http-options.ts';
import { type Answered, observeRequest, observeStart } from './observe-request.ts';
import { JSON_HEADERS } from './replies.ts';
import { type FittedResult, fitBuffered, fitResult } from './result-limit.ts';
import { SSE_HEADERS, sseEvent, sseMessage } from './sse.ts';
import { listen } from './subscriptions-listen.ts';

/** One JSON-RPC request that passed the transport rules, with what it needs to run. */
export interface RequestRun {
  def: ServerDefinition;
  exchange: Exchange;
  request: JsonRpcRequest;
  selection: LaneSelection;
  auth: AuthInfo | undefined;
  accepts: AcceptedTypes;
  options: ResolvedHttpOptions;
  /** A rate limit's answer to a tools/call, given instead of running the tool. */
  refusal?: ToolError | undefined;
}

/**
 * Runs one request under its signal (client gone, or the deadline minus the margin) and
 * answers it. On hosts that stream, the form is decided lazily: JSON when the result comes
 * before any notification (the common, cheapest case), an SSE stream as soon as a handler
 * emits progress or a log message and the client accepts one. Hosts that buffer get the
 * whole answer at once, within their size limit. Every request is observed once.
 */
export function runRequest(run: RequestRun): Promise<Reply> {
  const { exchange, options } = run;
  const started = performance.now();
  observeStart(run);
  const signal = requestSignal(exchange, options.deadlineMarginMs);
  const answered = (message: Answered['message'], replaced: Answered['replaced']) => {
    signal.release();
    observeRequest(run, started, { message, replaced });
  };
  if (run.request.method === 'subscriptions/listen' && run.selection.lane === 'modern') {
    return Promise.resolve(listen(run, signal, answered));
  }
  return options.resultLimit ? bufferedAnswer(run, signal, answered) : streamedAnswer(run, signal, answered);
}

type Finish = (message: Answered['message'], replaced: Answered['replaced']) => void;

/** The final message of a request, its JSON text, and the headers it adds. */
type Settled = (
  status: number,
  message: Answered['message'],
  serialized: string,
  headers?: Record<string, string>,
) => void;

/** The answer of a host that streams: JSON, or SSE from the first notification on. */
function streamedAnswer(run: RequestRun, signal: RequestSignal, answered: Finish): Promise<Reply> {
  const { accepts } = run;
  return new Promise<Reply>((resolve) => {
    let stream: EventChannel | undefined;
    const openStream = () => {
      stream = new EventChannel(signal.cancel);
      resolve({ status: 200, headers: { ...SSE_HEADERS }, body: stream });
      return stream;
    };
    const notify = (method: string, params: JsonObject) => {
      if (!accepts.sse) return;
      (stream ?? openStream()).pushDroppable(sseEvent({ jsonrpc: '2.0', method, params }));
    };
    settle(run, signal, notify, (status, message, serialized, headers) => {
      // A host that streams has no size limit: nothing to fit.
      answered(message, undefined);
      if (stream?.dropped) {
        run.def.logger.warn('notifications dropped: the client read the stream slower than they came', {
          requestId: run.request.id,
          method: run.request.method,
          dropped: stream.dropped,
          backlogBytes: DROPPABLE_BACKLOG_BYTES,
        });
      }
      if (!stream) {
        // Nothing sent yet, so the head still tells how the request ended (404 for an unknown
        // method, a scope challenge) in either form: a client that takes only SSE gets its
        // single message as an event.
        resolve(
          accepts.json
            ? { status, headers: { ...JSON_HEADERS, ...headers }, body: serialized }
            : { status, headers: { ...SSE_HEADERS, ...headers }, body: sseMessage(serialized) },
        );
        return;
      }
      stream.push(sseMessage(serialized));
      stream.close();
    });
  });
}

/** The answer of a host that buffers (Lambda): notifications collected, the whole kept within the limit. */
function bufferedAnswer(run: RequestRun, signal: RequestSignal, answered: Finish): Promise<Reply> {
  const { accepts } = run;
  const limit = run.options.resultLimit!;
  return new Promise<Reply>((resolve) => {
    const events: string[] = [];
    const notify = (method: string, params: JsonObject) => {
      if (accepts.sse) events.push(sseEvent({ jsonrpc: '2.0', method, params }));
    };
    settle(run, signal, notify, (status, message, serialized, headers) => {
      // With no notification ahead of it, the head tells how the request ended (404 for an
      // unknown method, a scope challenge), as a streamed answer's does; an answer replaced for
      // its size is an internal error, with that error's status. After notifications the head
      // says 200, as a stream that opened with them had to.
      const head = (replaced: FittedResult['replaced'], contentType: Record<string, string>) =>
        replaced === 'error'
          ? {
              status: httpStatusFor(ErrorCode.InternalError, 'dispatch', run.selection.lane),
              headers: { ...contentType },
            }
          : { status, headers: { ...contentType, ...headers } };
      if (events.length === 0 && accepts.json) {
        const fitted = fitResult(run.request, message, serialized, limit);
        answered(message, fitted.replaced);
        resolve({ ...head(fitted.replaced, JSON_HEADERS), body: fitted.serialized });
        return;
      }
      const fitted = fitBuffered(run.request, message, serialized, events, limit);
      if (fitted.droppedNotifications > 0) {
        run.def.logger.warn('notifications dropped to fit the host response limit', {
          requestId: run.request.id,
          method: run.request.method,
          dropped: fitted.droppedNotifications,
          maxBytes: limit.maxBytes,
        });
      }
      answered(message, fitted.replaced);
      resolve(
        events.length === 0
          ? { ...head(fitted.replaced, SSE_HEADERS), body: fitted.body }
          : { status: 200, headers: { ...SSE_HEADERS }, body: fitted.body },
      );
    });
  });
}

/** Dispatches the request and hands its final message (result or error) and its JSON to `settled`. */
function settle(
  run: RequestRun,
  signal: RequestSignal,
  notify: (method: string, params: JsonObject) => void,
  settled: Settled,
): void {
  const { def, exchange, request, selection, options } = run;
  dispatch(def, {
    request,
    selection,
    auth: run.auth,
    signal: signal.signal,
    deadline: signal.abortsAt,
    stopGraceMs: options.stopGraceMs,
    platform: exchange.platform,
    headers: exchange.headers,
    notify,
    refusal: run.refusal,
  }).then(
    (result) => finish(run, settled, 200, resultResponse(request.id, result)),
    (error: unknown) => {
      const failure = toProtocolError(def, request, error);
      // A missing scope carries the provider's challenge, so the client can step up.
      const forbidden =
        failure instanceof AccessDenied ? options.auth?.forbidden?.(failure.scopes) : undefined;
      const challenge = forbidden?.headers['www-authenticate'];
      finish(
        run,
        settled,
        httpStatusFor(failure.code, 'dispatch', selection.lane),
        errorResponse(request.id, failure.toJSON()),
        challenge === undefined ? undefined : { 'www-authenticate': challenge },
      );
    },
  );
}

/** Serializes the final message for `settled`. */
function finish(
  run: RequestRun,
  settled: Settled,
  status: number,
  message: Answered['message'],
  headers?: Record<string, string>,
): void {
  let serialized: string;
  try {
    serialized = JSON.stringify(message);
  } catch (error) {
    // A result JSON cannot hold (a BigInt, a cycle): thrown here, inside a promise callback,
    // it would be an unhandled rejection, which ends the process. The client gets an
    // internal error; the log says which request and why.
    const { request } = run;
    run.def.logger.error('the answer cannot be serialized as JSON', {
      method: request.method,
      requestId: request.id,
      error,
    });
    const internal = internalError();
    const failure = errorResponse(request.id, internal.toJSON());
    settled(httpStatusFor(internal.code, 'dispatch', run.selection.lane), failure, JSON.stringify(failure));
    return;
  }
  settled(status, message, serialized, headers);
}

function toProtocolError(def: ServerDefinition, request: JsonRpcRequest, error: unknown): ProtocolError {
  if (error instanceof ProtocolError) return error;
  def.logger.error('request failed', { method: request.method, requestId: request.id, error });
  return internalError();
}

/** The abort signal of one request: the client leaving, or the deadline minus the margin. */
export interface RequestSignal {
  readonly signal: AbortSignal;
  /** When the signal aborts for the deadline (epoch ms), if the host has one. */
  readonly abortsAt: number | undefined;
  /** The client stopped reading: stop the handler. */
  cancel(): void;
  /** The answer is complete: stop watching. */
  release(): void;
}

function requestSignal(exchange: Exchange, marginMs: number): RequestSignal {
  const controller = new AbortController();
  const clientSignal = exchange.signal;
  const onClientGone = () => controller.abort(hostTimeout(clientSignal) ?? clientGone());
  const abortsAt = exchange.deadline === undefined ? undefined : exchange.deadline - marginMs;
  const deadline =
    abortsAt === undefined
      ? undefined
      : watchDeadline(abortsAt, () =>
          controller.abort(new DOMException('The request deadline passed', 'TimeoutError')),
        );
  clientSignal?.addEventListener('abort', onClientGone, { once: true });
  // A signal aborted before we listened never fires 'abort': without this the handler runs unbounded.
  if (clientSignal?.aborted) onClientGone();
  return {
    signal: controller.signal,
    abortsAt,
    cancel: onClientGone,
    release() {
      if (deadline) unwatchDeadline(deadline);
      clientSignal?.removeEventListener('abort', onClientGone);
    },
  };
}

function clientGone(): DOMException {
  return new DOMException('The client closed the request', 'AbortError');
}

/** The reason of a host signal aborted because the host's time is up (see `Exchange.signal`). */
function hostTimeout(signal: AbortSignal | undefined): unknown {
  const reason: unknown = signal?.aborted ? signal.reason : undefined;
  return reason instanceof Error && reason.name === 'TimeoutError' ? reason : undefined;
}
