import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isEventStream, type Reply } from '../../http/exchange.ts';

/** How long a refused request's remaining body is read and discarded before the socket is cut. */
const DRAIN_MS = 5_000;

/** Writes a Reply to a node response; event streams are piped with backpressure. */
export async function writeReply(req: IncomingMessage, res: ServerResponse, reply: Reply): Promise<void> {
  if (!isEventStream(reply.body)) {
    res.writeHead(reply.status, withLength(req, reply.status, reply.headers, reply.body));
    res.end(reply.body);
    if (reply.headers.connection === 'close' && !req.complete) drain(req);
    return;
  }
  res.writeHead(reply.status, reply.headers);
  res.flushHeaders();
  try {
    await pipeline(Readable.from(reply.body, { objectMode: false }), res);
  } catch (error) {
    // A client that hangs up mid-stream is normal; anything else is a bug worth seeing.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
  }
}

/**
 * The headers with the body's Content-Length, so the answer goes out with its length rather
 * than chunked (writeHead fixes the framing before end() sees the body). Not for a HEAD (its
 * empty body is not the length of the GET it stands for) nor a 204 or 304, which have no body.
 */
function withLength(
  req: IncomingMessage,
  status: number,
  headers: Record<string, string>,
  body: string,
): Record<string, string> {
  if (req.method === 'HEAD' || status === 204 || status === 304 || 'content-length' in headers)
    return headers;
  return { ...headers, 'content-length': String(Buffer.byteLength(body)) };
}

/**
 * A client still sending a body the server refused (413) must be able to finish writing
 * and read the answer: closing at once resets the connection under it, and the client
 * sees ECONNRESET instead of the status. The rest is discarded, for a bounded time.
 */
function drain(req: IncomingMessage): void {
  const timer = setTimeout(() => req.socket.destroy(), DRAIN_MS);
  timer.unref();
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}
