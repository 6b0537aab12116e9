import type { IncomingMessage } from 'node:http';
import type { Exchange } from '../../http/exchange.ts';

/** Reads a node request into an Exchange, reading at most `maxBytes + 1` body bytes. */
export async function toExchange(
  req: IncomingMessage,
  signal: AbortSignal,
  maxBytes: number,
): Promise<Exchange> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    // Past the limit the HTTP layer answers 413 anyway: stop buffering an unbounded body.
    if (size > maxBytes) break;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return {
    method: req.method ?? 'GET',
    path: query === -1 ? url : url.slice(0, query),
    headers,
    body: Buffer.concat(chunks).toString('utf8'),
    signal,
    platform: { kind: 'node', request: req },
  };
}
