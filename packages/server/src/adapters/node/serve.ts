import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { createExchangeHandler } from '../../http/handle-exchange.ts';
import { type HttpOptions, resolveHttpOptions } from '../../http/http-options.ts';
import type { McpServer } from '../../server/create-server.ts';
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
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly httpServer: Server;
  close(): Promise<void>;
}

/** A node `request` listener serving an MCP server, for use with any node HTTP server. */
export function toNodeListener(
  server: McpServer,
  options: HttpOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const handle = createExchangeHandler(server, options);
  const { maxBodyBytes } = resolveHttpOptions(options);
  return async (req, res) => {
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    try {
      const exchange = await toExchange(req, controller.signal, maxBodyBytes);
      await writeReply(res, await handle(exchange));
    } catch (error) {
      console.error(
        JSON.stringify({ level: 'error', message: 'unhandled error in node adapter', error: String(error) }),
      );
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: 'Internal error' } }),
      );
    }
  };
}

/** Serves an MCP server on node's HTTP server at http://host:port/mcp. */
export async function serve(server: McpServer, options: ServeOptions = {}): Promise<RunningServer> {
  const httpServer = createHttpServer(toNodeListener(server, options));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 3000, host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      httpServer.close(() => resolve());
      httpServer.closeIdleConnections();
    });
  const onSignal = () => {
    void close()
      .then(disposeAll)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(
            JSON.stringify({ level: 'error', message: 'lifespan disposal failed', error: String(error) }),
          );
          process.exit(1);
        },
      );
  };
  if (options.handleSignals ?? true) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const endpoint = resolveHttpOptions(options).endpoint;
  return { url: `http://${shownHost}:${port}${endpoint}`, port, httpServer, close };
}
