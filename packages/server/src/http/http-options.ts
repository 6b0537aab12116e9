import type { AuthInfo } from '../server/auth-info.ts';
import type { Exchange, Reply } from './exchange.ts';
import type { Observer } from './observer.ts';
import type { ResultLimit } from './result-limit.ts';

/** How the HTTP layer serves a server; every adapter accepts these. */
export interface HttpOptions {
  /** The MCP endpoint path (default `/mcp`). */
  endpoint?: string;
  /**
   * Browser origins allowed to call the endpoint. Requests without an `Origin` header
   * (non-browser clients) are always allowed; loopback origins are allowed by default.
   * `'*'` allows any origin.
   */
  allowedOrigins?: readonly string[] | '*';
  /** Largest accepted request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Health check path (default `/health`), answered without auth. */
  healthPath?: string;
  /**
   * The public URL of the MCP endpoint, for the Server Card; by default derived from the
   * request's `Host` and `X-Forwarded-Proto` headers.
   */
  publicUrl?: string;
  /**
   * Runs before any MCP request: return the caller's identity, `undefined` for anonymous,
   * or a Reply (such as a 401) to answer instead.
   */
  authenticate?: (exchange: Exchange) => Promise<AuthInfo | Reply | undefined> | AuthInfo | Reply | undefined;
  /** How long before the host's deadline a running handler is stopped (default 1000 ms). */
  deadlineMarginMs?: number;
  /** Interval of keep-alive comments on long-lived streams (default 15 s). */
  keepAliveMs?: number;
  /** Longest a `subscriptions/listen` stream stays open (default 15 min, or the deadline). */
  listenMaxMs?: number;
  /** Callbacks fed after every JSON-RPC request and tool call (logs, metrics, traces). */
  observe?: Observer;
  /** The largest answer the host can deliver; bigger ones become a clear error (Lambda: 6 MB). */
  resultLimit?: ResultLimit;
}

export type ResolvedHttpOptions = Required<
  Omit<HttpOptions, 'publicUrl' | 'authenticate' | 'allowedOrigins' | 'observe' | 'resultLimit'>
> &
  Pick<HttpOptions, 'publicUrl' | 'authenticate' | 'observe' | 'resultLimit'> & {
    allowedOrigins: readonly string[] | '*';
  };

export function resolveHttpOptions(options: HttpOptions = {}): ResolvedHttpOptions {
  const endpoint = options.endpoint ?? '/mcp';
  if (!endpoint.startsWith('/')) throw new TypeError(`endpoint must start with "/", got "${endpoint}"`);
  return {
    endpoint: endpoint.length > 1 ? endpoint.replace(/\/+$/, '') : endpoint,
    allowedOrigins: options.allowedOrigins ?? [],
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    healthPath: options.healthPath ?? '/health',
    publicUrl: options.publicUrl,
    authenticate: options.authenticate,
    deadlineMarginMs: options.deadlineMarginMs ?? 1000,
    keepAliveMs: options.keepAliveMs ?? 15_000,
    listenMaxMs: options.listenMaxMs ?? 15 * 60_000,
    observe: options.observe,
    resultLimit: options.resultLimit,
  };
}
