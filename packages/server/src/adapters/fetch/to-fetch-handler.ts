import { BodyReadError, isEventStream, type Reply } from '../../http/exchange.ts';
import { createExchangeHandler } from '../../http/handle-exchange.ts';
import type { HttpOptions } from '../../http/http-options.ts';
import { internalErrorReply } from '../../http/replies.ts';
import type { McpServer } from '../../server/create-server.ts';
import { definitionOf } from '../../server/definition.ts';

export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * A web-standard handler (Request -> Response) for Hono, Bun, Deno, Workers and any
 * `fetch`-style host. Mount it at the MCP endpoint's path.
 */
export function toFetchHandler(server: McpServer, options: HttpOptions = {}): FetchHandler {
  const handle = createExchangeHandler(server, options);
  return async (request) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const reply = await handle({
      method: request.method,
      path: url.pathname,
      headers,
      body: request.body ? (limits) => readText(request, limits) : '',
      signal: request.signal,
      platform: { kind: 'fetch', request },
    });
    try {
      return toResponse(reply);
    } catch (error) {
      // Response refused the head (a header value with a newline, from a hook): a bug to see,
      // and a client to answer, rather than a rejection the host turns into its own page.
      definitionOf(server).logger.error('the answer could not be written', { path: url.pathname, error });
      // Nobody will read these events: stop their producer (the running handler).
      if (isEventStream(reply.body)) void reply.body[Symbol.asyncIterator]().return?.();
      return toResponse(internalErrorReply(headers['mcp-protocol-version']));
    }
  };
}

/** Reads at most `maxBytes + 1` bytes (past the limit the HTTP layer answers 413), within `timeoutMs`. */
async function readText(request: Request, limits: { maxBytes: number; timeoutMs: number }): Promise<string> {
  // A stream read to its end by `for await` is unlocked again and would read as empty, a
  // parse error blaming the client: `bodyUsed` says it was read at all.
  if (request.bodyUsed) throw alreadyRead();
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = request.body!.getReader();
  } catch (error) {
    throw alreadyRead(error);
  }
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    void reader.cancel();
  }, limits.timeoutMs);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      text += decoder.decode(value, { stream: true });
      if (size > limits.maxBytes) {
        await reader.cancel();
        break;
      }
    }
  } catch (error) {
    throw new BodyReadError(expired ? 'timeout' : 'aborted', { cause: error });
  } finally {
    clearTimeout(timer);
  }
  if (expired) throw new BodyReadError('timeout');
  return text + decoder.decode();
}

/**
 * Not the client's doing: something before this handler read the body (a middleware's
 * `request.json()`). Said plainly in the log rather than as a locked-stream TypeError.
 */
function alreadyRead(cause?: unknown): Error {
  return new Error(
    'The request body was already read before the MCP handler: hand it an unread Request (request.clone() before reading the original)',
    { cause },
  );
}

function toResponse(reply: Reply): Response {
  if (!isEventStream(reply.body)) {
    const empty = reply.body === '' && (reply.status === 202 || reply.status === 204 || reply.status === 304);
    return new Response(empty ? null : reply.body, { status: reply.status, headers: reply.headers });
  }
  // Checked before any event is taken, so a head refused here leaves the events unread.
  const headers = new Headers(reply.headers);
  const iterator = reply.body[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(stream, { status: reply.status, headers });
}
