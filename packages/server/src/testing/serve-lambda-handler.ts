import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaHandler } from '../adapters/lambda/create-handler.ts';
import type { LambdaResult } from '../adapters/lambda/lambda-event.ts';
import { httpApiEvent, lambdaContext } from './lambda-events.ts';

export interface LambdaHttpServer {
  /** The server's origin with `/mcp`, e.g. `http://127.0.0.1:53122/mcp`. */
  readonly url: string;
  readonly httpServer: Server;
  /** Stops accepting connections and closes every open one; calling it again is harmless. */
  close(): Promise<void>;
}

export interface ServeLambdaOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Invocation time limit handed to the handler through `getRemainingTimeInMillis`. Default 30 s. */
  timeoutMs?: number;
  /**
   * Stands in for an API Gateway authorizer: what it returns for a request's (lower-cased)
   * headers becomes the event's `requestContext.authorizer`, e.g.
   * `{ lambda: { principalId: 'alice', tenant: 'acme' } }` or `{ jwt: { claims, scopes } }`.
   */
  authorizer?: (headers: Readonly<Record<string, string>>) => Record<string, unknown> | undefined;
}

/**
 * Serves a buffered Lambda handler (`createHandler`) over HTTP the way a Function URL or an
 * HTTP API does: each request becomes a payload 2.0 event, each result an HTTP response.
 * Invocations run concurrently, as on a multi-concurrency execution environment.
 */
export async function serveLambdaHandler(
  handler: LambdaHandler,
  options: ServeLambdaOptions = {},
): Promise<LambdaHttpServer> {
  // Otherwise every request would answer 502 "handler is not a function".
  if (typeof handler !== 'function') {
    throw new TypeError(
      'serveLambdaHandler(handler) takes a Lambda handler such as createHandler(server); serve a server made by createServer() with startTestServer(server)',
    );
  }
  const httpServer = createServer((req, res) => {
    invoke(handler, req, res, options).catch((error: unknown) => {
      // The handler itself answers its errors; this is a bug in the handler or a broken socket.
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`Lambda handler failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = httpServer.address() as AddressInfo;
  // One close, shared: a second call (an after() hook behind a test that closed it) resolves
  // with the first instead of failing with ERR_SERVER_NOT_RUNNING.
  let closing: Promise<void> | undefined;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/mcp`,
    httpServer,
    close: () => {
      closing ??= new Promise((resolve, reject) => {
        httpServer.close((error) => (error ? reject(error) : resolve()));
        httpServer.closeAllConnections();
      });
      return closing;
    },
  };
}

async function invoke(
  handler: LambdaHandler,
  req: IncomingMessage,
  res: ServerResponse,
  options: ServeLambdaOptions,
) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // A body that is not text (compressed, or not UTF-8) arrives base64-encoded, as API Gateway
  // and Function URLs deliver binary: decoding it as UTF-8 would replace bytes it cannot read.
  const bytes = Buffer.concat(chunks);
  const text = asText(bytes, headers['content-encoding']);
  const built = httpApiEvent({
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    headers,
    body: text ?? bytes.toString('base64'),
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
    authorizer: options.authorizer?.(headers),
  });
  // The builder's API Gateway domain would be the public URL of every document that links
  // back (Server Card, AI catalog, OAuth resource metadata), on https, which the client here
  // cannot reach: without a domain the server takes the Host the client connected to.
  const { domainName: _domainName, domainPrefix: _domainPrefix, ...requestContext } = built.requestContext;
  const event = { ...built, requestContext, isBase64Encoded: text === undefined };
  const result: LambdaResult = await handler(
    event,
    lambdaContext({ remainingMs: options.timeoutMs ?? 30_000 }),
  );
  const responseHeaders: Record<string, string | string[]> = { ...result.headers };
  if (result.cookies?.length) responseHeaders['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode, responseHeaders);
  res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text, or undefined when it is binary: content-encoded, or not valid UTF-8. */
function asText(bytes: Buffer, contentEncoding: string | undefined): string | undefined {
  if (contentEncoding !== undefined && contentEncoding.trim().toLowerCase() !== 'identity') return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
