import { serve } from '../adapters/node/serve.ts';
import type { HttpOptions } from '../http/http-options.ts';
import type { McpServer } from '../server/create-server.ts';
import { DEFINITION } from '../server/definition.ts';

export interface TestServer {
  /** The MCP endpoint, e.g. `http://127.0.0.1:53122/mcp`. */
  readonly url: string;
  /**
   * Stops accepting connections and closes every open one, open SSE streams included (a
   * request in flight fails); resolves when the socket is closed. Calling it again is harmless.
   */
  close(): Promise<void>;
}

/**
 * Serves `server` over real HTTP on a free loopback port, for tests that drive it with
 * an MCP client. Process signals are left alone so the test runner keeps control.
 *
 * @example
 * const running = await startTestServer(server);
 * const transport = new StreamableHTTPClientTransport(new URL(running.url));
 * // ... connect a client, call tools ...
 * await running.close();
 */
export async function startTestServer(server: McpServer, options: HttpOptions = {}): Promise<TestServer> {
  // Checked here: serve() would find out at the first request, by throwing out of the
  // request listener, which ends the test run.
  if (typeof server !== 'object' || server === null || !(DEFINITION in server)) {
    throw new TypeError(
      'startTestServer(server) takes a server made by createServer() from lambda-mcp; serve a Lambda handler with serveLambdaHandler(handler)',
    );
  }
  const running = await serve(server, { ...options, port: 0, host: '127.0.0.1', handleSignals: false });
  return {
    url: running.url,
    close: () => {
      // Open SSE streams (subscriptions/listen) would hold close() open until their time limit.
      running.httpServer.closeAllConnections();
      return running.close();
    },
  };
}
