import type { IncomingMessage } from 'node:http';
import { BodyReadError, type BodyReader, type Exchange } from '../../http/exchange.ts';

/**
 * A node request as an Exchange; its body is read only when the HTTP layer asks for it,
 * after `beforeBody` (which sends a `100 Continue` the client waits for). `draining`: the
 * server's signal that it is closing (`serve`).
 */
export function toExchange(
  req: IncomingMessage,
  signal: AbortSignal,
  beforeBody?: () => void,
  draining?: AbortSignal,
): Exchange {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const target = query === -1 ? url : url.slice(0, query);
  return {
    method: req.method ?? 'GET',
    path: target.charCodeAt(0) === SLASH ? target : absolutePath(target),
    headers,
    body: bodyReader(req, beforeBody),
    signal,
    draining,
    platform: { kind: 'node', request: req },
  };
}

const SLASH = 47;

/**
 * The path of a target in absolute form (`POST http://host/mcp HTTP/1.1`), which RFC 9112
 * section 3.2.2 requires a server to accept; anything else (`*`) is left as it is.
 */
function absolutePath(target: string): string {
  try {
    return new URL(target).pathname;
  } catch {
    return target;
  }
}

/**
 * Reads at most `maxBytes + 1` bytes (past the limit the HTTP layer answers 413 anyway),
 * within `timeoutMs` in all (a body trickled byte by byte must not hold a socket forever).
 */
function bodyReader(req: IncomingMessage, beforeBody: (() => void) | undefined): BodyReader {
  return ({ maxBytes, timeoutMs }) =>
    new Promise<string>((resolve, reject) => {
      if (req.readableEnded) {
        // Not the client's doing: a body parser before this listener read the stream, and its
        // 'end' will not come again. Said plainly rather than waited on until a 408.
        reject(
          new Error(
            'The request body was already read before the MCP handler: mount it before any body parser (express.json()), or leave its path out of them',
          ),
        );
        return;
      }
      beforeBody?.();
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        req.off('data', onData);
        req.off('end', onEnd);
        req.off('close', onClose);
        req.off('error', onClose);
        outcome();
      };
      const text = () => Buffer.concat(chunks).toString('utf8');
      const onData = (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size > maxBytes) finish(() => resolve(text()));
      };
      const onEnd = () => finish(() => resolve(text()));
      const onClose = () => {
        if (!req.complete) finish(() => reject(new BodyReadError('aborted')));
      };
      const timer = setTimeout(() => finish(() => reject(new BodyReadError('timeout'))), timeoutMs);
      req.on('data', onData);
      req.once('end', onEnd);
      req.once('close', onClose);
      req.once('error', onClose);
    });
}
