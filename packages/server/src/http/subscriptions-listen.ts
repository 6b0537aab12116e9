import { httpStatusFor, invalidParams } from '../protocol/errors.ts';
import { isJsonObject, type JsonRpcRequest, resultResponse } from '../protocol/jsonrpc.ts';
import { META } from '../protocol/lane.ts';
import type { ServerDefinition } from '../server/definition.ts';
import { EventChannel } from './event-channel.ts';
import type { Reply } from './exchange.ts';
import { MAX_TIMER_MS } from './max-timer.ts';
import type { Answered } from './observe-request.ts';
import { errorReply } from './replies.ts';
import type { RequestRun, RequestSignal } from './run-request.ts';
import { SSE_HEADERS, SSE_KEEP_ALIVE, sseEvent } from './sse.ts';

/**
 * `subscriptions/listen` on a stateless server: the definition never changes while an
 * instance runs, so no change notification can ever be due. The stream acknowledges with
 * an empty honoured filter (the truth), stays open with keep-alive comments, and ends with
 * the listen result when the client leaves, the time limit or the host's deadline comes.
 * A host that buffers its answer (Lambda without streaming) cannot hold a stream open:
 * it acknowledges and completes at once rather than pin an execution environment until
 * its deadline for nothing.
 */
export function listen(
  run: RequestRun,
  signal: RequestSignal,
  answered: (message: Answered['message'], replaced: Answered['replaced']) => void,
): Reply {
  const { request, def, options } = run;
  if (!isJsonObject(request.params?.notifications)) {
    const error = invalidParams(
      'Invalid params: subscriptions/listen requires params.notifications (a filter object)',
    ).toJSON();
    answered({ error }, undefined);
    const version = run.exchange.headers['mcp-protocol-version'];
    return errorReply(httpStatusFor(error.code, 'dispatch', 'modern'), request.id, error, version);
  }
  const acknowledged = acknowledgement(request);
  let observed = false;
  const complete = () => {
    const message = completion(def, request);
    if (!observed) answered(message, undefined);
    observed = true;
    return sseEvent(message);
  };
  if (options.resultLimit) {
    return { status: 200, headers: { ...SSE_HEADERS }, body: acknowledged + complete() };
  }
  const { draining } = run.exchange;
  const until = Math.min(Date.now() + options.listenMaxMs, signal.abortsAt ?? Number.POSITIVE_INFINITY);
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  let stop: ReturnType<typeof setTimeout> | undefined;
  const cleanUp = () => {
    clearInterval(keepAlive);
    clearTimeout(stop);
    signal.signal.removeEventListener('abort', end);
    draining?.removeEventListener('abort', end);
  };
  const stream = new EventChannel(() => {
    cleanUp();
    signal.cancel();
    complete();
  });
  function end() {
    if (stream.closed) return;
    cleanUp();
    stream.push(complete());
    stream.close();
  }
  stream.push(acknowledged);
  // Timers hold at most MAX_TIMER_MS; a longer delay (Infinity, 30 days) would fire at once.
  if (options.keepAliveMs <= MAX_TIMER_MS) {
    keepAlive = setInterval(() => stream.pushDroppable(SSE_KEEP_ALIVE), options.keepAliveMs);
  }
  const schedule = () => {
    const left = until - Date.now();
    stop = left > MAX_TIMER_MS ? setTimeout(schedule, MAX_TIMER_MS) : setTimeout(end, Math.max(0, left));
  };
  schedule();
  if (signal.signal.aborted || draining?.aborted) end();
  else {
    signal.signal.addEventListener('abort', end, { once: true });
    draining?.addEventListener('abort', end, { once: true });
  }
  return { status: 200, headers: { ...SSE_HEADERS }, body: stream };
}

function acknowledgement(request: JsonRpcRequest): string {
  return sseEvent({
    jsonrpc: '2.0',
    method: 'notifications/subscriptions/acknowledged',
    params: { notifications: {}, _meta: { [META.subscriptionId]: request.id } },
  });
}

function completion(def: ServerDefinition, request: JsonRpcRequest) {
  const meta = { [META.subscriptionId]: request.id, [META.serverInfo]: def.info };
  return resultResponse(request.id, { resultType: 'complete', _meta: meta });
}
