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

async function* guarded(events: EventStream, onFailure: (error: unknown) => void): AsyncIterable<string> {
  try {
    yield* events;
  } catch (error) {
    onFailure(error);
    yield STREAM_FAILURE_EVENT;
  }
}
