import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { isEventStream } from '../../http/exchange.ts';
import { createExchangeHandler } from '../../http/handle-exchange.ts';
import { type HttpOptions, resolveHttpOptions } from '../../http/http-options.ts';
import { internalErrorReply } from '../../http/replies.ts';
import type { McpServer } from '../../server/create-server.ts';
import { definitionOf } from '../../server/definition.ts';
import { disposeAll } from '../../server/lifespan.ts';
import { toExchange } from './to-exchange.ts';
import { writeReply } from './write-reply.ts';

export interface ServeOptions extends HttpOptions {
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: local servers bind to loopback only. */
  host?: string;
  /**
   * On SIGTERM and SIGINT: stop accepting, let in-flight requests finish, dispose `lifespan`
   * resources (database pools, clients), then exit (default true).
   */
  handleSignals?: boolean;
  /**
   * How long `close()` (and SIGTERM/SIGINT) waits for in-flight requests before it closes
   * their connections, which aborts their handlers' `ctx.signal` (default 10,000 ms; orchestrators
   * such as Kubernetes and ECS send SIGKILL 30 s after SIGTERM, so lifespan disposal still runs).
   */
  shutdownTimeoutMs?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly httpServer: Server;
  close(): Promise<void>;
}

/** Error codes of a write to a client that closed its connection. */
const CLIENT_GONE = new Set(['EPIPE', 'ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_DESTROYED']);

/** A node `request` listener serving an MCP server, for use with any node HTTP server. */
export function toNodeListener(
  server: McpServer,
  options: HttpOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const serveRequest = requestHandler(server, options);
  return (req, res) => serveRequest(req, res, false);
}

/**
 * What `serve` tracks to close gracefully: once closing (`drain` aborted), answers ask for
 * the connection to close, and the HTTP layer ends its open-ended streams with their result;
 * other requests, streamed or not, run to completion.
 */
interface Shutdown {
  readonly drain: AbortController;
  readonly closeIdleConnections: () => void;
}

/**
 * Serves one request. `awaitingContinue`: the client sent `Expect: 100-continue` and node
 * left the `100 Continue` to us (a `checkContinue` listener): it is sent when the body is
 * read, so a request refused on its headers alone (413, 415) never has its body sent.
 */
function requestHandler(
  server: McpServer,
  options: HttpOptions,
  shutdown?: Shutdown,
): (req: IncomingMessage, res: ServerResponse, awaitingContinue: boolean) => Promise<void> {
  const handle = createExchangeHandler(server, options);
  return async (req, res, awaitingContinue) => {
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    const beforeBody = awaitingContinue ? () => res.writeContinue() : undefined;
    const reply = await handle(toExchange(req, controller.signal, beforeBody, shutdown?.drain.signal));
    if (shutdown?.drain.signal.aborted) res.setHeader('connection', 'close');
    try {
      await writeReply(req, res, reply);
    } catch (error) {
      if (!res.headersSent && !res.destroyed) {
        // Node refused the head itself (a header value with a newline, from a hook): a bug
        // to see, and the client is still there to be told, not cut off.
        definitionOf(server).logger.error('the answer could not be written', { path: req.url, error });
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        if (shutdown?.drain.signal.aborted) res.setHeader('connection', 'close');
        await writeReply(
          req,
          res,
          internalErrorReply(req.headers['mcp-protocol-version'] as string | undefined),
        );
        return;
      }
      // Past the head, a broken socket is a client that left: normal. Anything else (the event
      // stream itself threw) is a bug to see.
      const clientLeft = CLIENT_GONE.has((error as NodeJS.ErrnoException).code ?? '');
      definitionOf(server).logger[clientLeft ? 'debug' : 'error']('could not finish writing the answer', {
        path: req.url,
        error,
      });
      res.destroy();
      return;
    }
    // A stream whose headers went out before closing began said keep-alive: its connection,
    // idle now that every byte is written, must not hold close() until the keep-alive timeout.
    if (shutdown?.drain.signal.aborted && isEventStream(reply.body)) shutdown.closeIdleConnections();
  };
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** Serves an MCP server on node's HTTP server at http://host:port/mcp. */
export async function serve(server: McpServer, options: ServeOptions = {}): Promise<RunningServer> {
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
  if (!Number.isFinite(shutdownTimeoutMs) || shutdownTimeoutMs < 0) {
    throw new TypeError(
      `shutdownTimeoutMs must be a finite number of milliseconds >= 0, got ${shutdownTimeoutMs}`,
    );
  }
  const shutdown: Shutdown = {
    drain: new AbortController(),
    closeIdleConnections: () => httpServer.closeIdleConnections(),
  };
  const serveRequest = requestHandler(server, options, shutdown);
  const httpServer = createHttpServer((req, res) => serveRequest(req, res, false));
  // Without this listener node answers `100 Continue` before any check, inviting a body it
  // may refuse; with it the go-ahead waits until the body is wanted.
  httpServer.on('checkContinue', (req, res) => serveRequest(req, res, true));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 3000, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  // Once listening, an error of the server itself (accepting a connection past the process's
  // file limit, say) is logged and the server goes on: not swallowed by the settled promise
  // above, and not a crash for lack of a listener.
  httpServer.on('error', (error) => definitionOf(server).logger.error('the HTTP server failed', { error }));
  const { port } = httpServer.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      shutdown.drain.abort();
      // A handler that never settles (a hung upstream call that ignores ctx.signal) must not
      // hold the process: past the deadline its connection is closed, which aborts its signal.
      const deadline = setTimeout(() => {
        definitionOf(server).logger.warn(
          `closing the connections of requests still running ${shutdownTimeoutMs} ms after close() began (shutdownTimeoutMs)`,
          { shutdownTimeoutMs },
        );
        httpServer.closeAllConnections();
      }, shutdownTimeoutMs);
      httpServer.close(() => {
        clearTimeout(deadline);
        resolve();
      });
      httpServer.closeIdleConnections();
    });
    return closing;
  };
  const onSignal = () => {
    void close()
      .then(disposeAll)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          definitionOf(server).logger.error('lifespan disposal failed', { error });
          process.exit(1);
        },
      );
  };
  if (options.handleSignals ?? true) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const { endpoint, basePath } = resolveHttpOptions(options);
  // The URL a client calls: with a mount prefix, the endpoint is served under it.
  const path = basePath === undefined || basePath === '/' ? endpoint : `${basePath}${endpoint}`;
  if (!isLoopbackHost(host) && options.authenticate === undefined && options.auth === undefined) {
    definitionOf(server).logger.warn(
      `Serving every tool to the network without authentication on ${shownHost}:${port}. Anyone who can reach this address can call them. Pass an authenticate option (see lambda-mcp/auth: apiKeyAuth or an OAuth resource server), or bind to 127.0.0.1.`,
      { host, port },
    );
  }
  return { url: `http://${shownHost}:${port}${path}`, port, httpServer, close };
}
