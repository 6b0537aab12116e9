import { Readable, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { type EventStream, isEventStream, type Reply } from '../../http/exchange.ts';
import type { StreamRuntime } from './stream-runtime.ts';

/** The event a stream ends with when it fails after the head was sent. */
export const STREAM_FAILURE_EVENT = `event: message\ndata: ${JSON.stringify({
  jsonrpc: '2.0',
  id: null,
  error: { code: -32603, message: 'Internal error: the response stream failed' },
})}\n\n`;

/**
 * Writes a Reply to a Lambda response stream: the status and headers first, then the body;
 * SSE events as they come, with backpressure. A failure after the head can no longer change
 * the status: it ends the stream with a JSON-RPC error event and a clean close.
 */
export async function writeStreamReply(
  responseStream: Writable,
  reply: Reply,
  runtime: StreamRuntime,
  onFailure: (error: unknown) => void,
): Promise<void> {
  const stream = runtime.HttpResponseStream.from(responseStream, {
    statusCode: reply.status,
    headers: reply.headers,
  });
  // Lambda's runtime sends the head on the first write: make one now, not at the first event.
  stream.write('');
  if (!isEventStream(reply.body)) {
    stream.end(reply.body);
    await finished(stream);
    return;
  }
  await pipeline(Readable.from(guarded(reply.body, onFailure), { objectMode: false }), stream);
}

/**
 * The events, ending with `STREAM_FAILURE_EVENT` if the producer throws. Not an async
 * generator: `Readable.from` stops a source whose reader left by calling its `throw`, which a
 * generator only handles after its pending `next` settles (never, for a tool that ignores its
 * signal) and which `yield*` turns into a TypeError for an iterator without `throw`: a client
 * hanging up would hold the invocation and be logged as a failure. `return` stops the
 * producer at once.
 */
function guarded(events: EventStream, onFailure: (error: unknown) => void): AsyncIterableIterator<string> {
  const iterator = events[Symbol.asyncIterator]();
  let failed = false;
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (failed) return { value: undefined, done: true };
      try {
        return await iterator.next();
      } catch (error) {
        failed = true;
        onFailure(error);
        return { value: STREAM_FAILURE_EVENT, done: false };
      }
    },
    async return() {
      await iterator.return?.();
      return { value: undefined, done: true };
    },
  };
}
