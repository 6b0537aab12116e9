import { invalidParams } from '../protocol/errors.ts';
import { isJsonObject, type JsonRpcRequest, resultResponse } from '../protocol/jsonrpc.ts';
import { META } from '../protocol/lane.ts';
import type { ServerDefinition } from '../server/create-server.ts';
import type { Reply } from './exchange.ts';
import { EventChannel, SSE_HEADERS, SSE_KEEP_ALIVE, sseEvent } from './sse.ts';

/**
 * `subscriptions/listen` on a stateless server: the definition never changes while an
 * instance runs, so no change notification can ever be due. The stream acknowledges with
 * an empty honoured filter (the truth), stays open with keep-alive comments, and ends with
 * the listen result when the client leaves, the time limit or the host's deadline comes.
 */
export function listen(
  def: ServerDefinition,
  request: JsonRpcRequest,
  signal: AbortSignal,
  options: { keepAliveMs: number; maxMs: number; deadline: number | undefined; marginMs: number },
): Reply {
  if (!isJsonObject(request.params?.notifications)) {
    throw invalidParams(
      'Invalid params: subscriptions/listen requires params.notifications (a filter object)',
    );
  }
  const until = Math.min(
    Date.now() + options.maxMs,
    (options.deadline ?? Number.POSITIVE_INFINITY) - options.marginMs,
  );
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  let stop: ReturnType<typeof setTimeout> | undefined;
  const cleanUp = () => {
    clearInterval(keepAlive);
    clearTimeout(stop);
    signal.removeEventListener('abort', end);
  };
  const stream = new EventChannel(cleanUp);
  function end() {
    cleanUp();
    const meta = { [META.subscriptionId]: request.id, [META.serverInfo]: def.info };
    stream.push(sseEvent(resultResponse(request.id, { resultType: 'complete', _meta: meta })));
    stream.close();
  }
  stream.push(
    sseEvent({
      jsonrpc: '2.0',
      method: 'notifications/subscriptions/acknowledged',
      params: { notifications: {}, _meta: { [META.subscriptionId]: request.id } },
    }),
  );
  keepAlive = setInterval(() => stream.push(SSE_KEEP_ALIVE), options.keepAliveMs);
  stop = setTimeout(end, Math.max(0, until - Date.now()));
  if (signal.aborted) end();
  else signal.addEventListener('abort', end, { once: true });
  return { status: 200, headers: { ...SSE_HEADERS }, body: stream };
}
