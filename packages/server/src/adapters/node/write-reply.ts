import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isEventStream, type Reply } from '../../http/exchange.ts';

/** Writes a Reply to a node response; event streams are piped with backpressure. */
export async function writeReply(res: ServerResponse, reply: Reply): Promise<void> {
  res.writeHead(reply.status, reply.headers);
  if (!isEventStream(reply.body)) {
    res.end(reply.body);
    return;
  }
  res.flushHeaders();
  try {
    await pipeline(Readable.from(reply.body, { objectMode: false }), res);
  } catch (error) {
    // A client that hangs up mid-stream is normal; anything else is a bug worth seeing.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
  }
}
