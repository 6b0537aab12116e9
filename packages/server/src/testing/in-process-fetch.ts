import { toFetchHandler } from '../adapters/fetch/to-fetch-handler.ts';
import type { HttpOptions } from '../http/http-options.ts';
import type { McpServer } from '../server/create-server.ts';

/** The `fetch` signature MCP client transports accept in their options. */
export type InProcessFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A `fetch` that answers every request with `server` through the fetch adapter, in the
 * same process and without sockets. Give it to a client transport's `fetch` option; the
 * URL's origin does not matter, its path must be the MCP endpoint (default `/mcp`).
 *
 * @example
 * const transport = new StreamableHTTPClientTransport(new URL('http://in-process/mcp'), {
 *   fetch: createInProcessFetch(server),
 * });
 */
export function createInProcessFetch(server: McpServer, options: HttpOptions = {}): InProcessFetch {
  const handle = toFetchHandler(server, options);
  return (input, init) => handle(new Request(input, init));
}
