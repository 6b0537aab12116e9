import type { AuthInfo } from '../server/auth-info.ts';
import type { AuthProvider, RequestLimit } from './auth-provider.ts';
import { corsAllowedHeaders } from './cors.ts';
import type { Exchange, Reply } from './exchange.ts';
import { checkHttpOptions } from './http-options-check.ts';
import type { Observer } from './observer.ts';
import type { ResultLimit } from './result-limit.ts';

/** How the HTTP layer serves a server; every adapter accepts these. */
export interface HttpOptions {
  /** The MCP endpoint path (default `/mcp`). */
  endpoint?: string;
  /**
   * A prefix the host leaves on every path when the server is mounted below the root
   * (`/v2` for `/v2/mcp`): removed before routing. API Gateway stages are removed anyway.
   */
  basePath?: string;
  /**
   * Browser origins allowed to call the endpoint. Requests without an `Origin` header
   * (non-browser clients) are always allowed; loopback origins are allowed by default.
   * `'*'` allows any origin.
   */
  allowedOrigins?: readonly string[] | '*';
  /** Largest accepted request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** How long a client may take to send the body, on hosts that stream it (default 10 s). */
  bodyTimeoutMs?: number;
  /** Health check path (default `/health`), answered without auth. */
  healthPath?: string;
  /**
   * The public URL of the MCP endpoint, for the Server Card; by default derived from the
   * request's `Host` and `X-Forwarded-Proto` headers.
   */
  publicUrl?: string;
  /**
   * Whether `X-Forwarded-Host` / `X-Forwarded-Proto` name the public URL (default false:
   * set it only behind a proxy that overwrites them, or a client chooses the Server
   * Card's URL for every cache that stores it).
   */
  trustForwardedHeaders?: boolean;
  /**
   * Access control: API keys or OAuth bearer tokens from `lambda-mcp/auth`, or any
   * `AuthProvider`. Its routes (protected-resource metadata) are served without auth, and
   * discovery documents describe its credential.
   */
  auth?: AuthProvider;
  /**
   * Runs before any MCP request: return the caller's identity, `undefined` for anonymous,
   * or a Reply (such as a 401) to answer instead. The plain form of `auth`; give one of the two.
   */
  authenticate?: (exchange: Exchange) => Promise<AuthInfo | Reply | undefined> | AuthInfo | Reply | undefined;
  /**
   * Behind an API Gateway authorizer (no `auth` here): the header whose value tools may read
   * with `credentialOf(ctx.auth)` to call a downstream API as the caller (e.g. `x-api-key`).
   * The value is held non-enumerably, so it is never serialised or logged.
   */
  credentialHeader?: string;
  /** Rate limits, checked after authentication (see `lambda-mcp/limits`). */
  limit?: RequestLimit;
  /**
   * How long before the host's deadline a running handler is stopped (default 1000 ms).
   * Half of it is left for the handler to confirm it stopped (see `ctx.signal`).
   */
  deadlineMarginMs?: number;
  /** Interval of keep-alive comments on long-lived streams (default 15 s). */
  keepAliveMs?: number;
  /** Longest a `subscriptions/listen` stream stays open (default 15 min, or the deadline). */
  listenMaxMs?: number;
  /** Callbacks fed after every JSON-RPC request and tool call (logs, metrics, traces). */
  observe?: Observer;
  /**
   * Set by adapters of hosts that buffer the whole answer (Lambda's buffered invocations):
   * the largest answer they deliver. Answers are then built in full before they are
   * returned, never streamed, and stay within the limit.
   */
  resultLimit?: ResultLimit;
}

export interface ResolvedHttpOptions {
  readonly endpoint: string;
  readonly basePath: string | undefined;
  readonly allowedOrigins: readonly string[] | '*';
  readonly maxBodyBytes: number;
  readonly bodyTimeoutMs: number;
  readonly healthPath: string;
  readonly publicUrl: string | undefined;
  readonly trustForwardedHeaders: boolean;
  readonly authenticate: HttpOptions['authenticate'];
  readonly auth: AuthProvider | undefined;
  readonly limit: RequestLimit | undefined;
  readonly credentialHeader: string | undefined;
  /** What a CORS preflight allows: the MCP headers and the ones a credential comes in. */
  readonly corsAllowedHeaders: string;
  readonly deadlineMarginMs: number;
  /** How long after an abort a handler may take to confirm it stopped. */
  readonly stopGraceMs: number;
  readonly keepAliveMs: number;
  readonly listenMaxMs: number;
  readonly observe: Observer | undefined;
  readonly resultLimit: ResultLimit | undefined;
}

/** `deadlineMarginMs` when none is given. */
export const DEFAULT_DEADLINE_MARGIN_MS = 1000;

/** The headers the options say carry the caller's credential: `credentialHeader` and the auth provider's. */
export function credentialHeaders(options: HttpOptions): string[] {
  const names: string[] = [];
  if (options.credentialHeader !== undefined) names.push(options.credentialHeader);
  const provided = options.auth?.describe?.header;
  if (provided !== undefined) names.push(provided);
  return names;
}

export function resolveHttpOptions(options: HttpOptions = {}): ResolvedHttpOptions {
  checkHttpOptions(options);
  const deadlineMarginMs = options.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS;
  return {
    endpoint: normalisePath(options.endpoint ?? '/mcp', 'endpoint'),
    basePath: options.basePath === undefined ? undefined : normalisePath(options.basePath, 'basePath'),
    allowedOrigins: options.allowedOrigins ?? [],
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    bodyTimeoutMs: options.bodyTimeoutMs ?? 10_000,
    healthPath: options.healthPath ?? '/health',
    publicUrl: options.publicUrl,
    trustForwardedHeaders: options.trustForwardedHeaders ?? false,
    authenticate: resolveAuthenticate(options),
    auth: options.auth,
    limit: options.limit,
    credentialHeader: options.credentialHeader?.toLowerCase(),
    corsAllowedHeaders: corsAllowedHeaders(credentialHeaders(options)),
    deadlineMarginMs,
    stopGraceMs: deadlineMarginMs / 2,
    keepAliveMs: options.keepAliveMs ?? 15_000,
    listenMaxMs: options.listenMaxMs ?? 15 * 60_000,
    observe: options.observe,
    resultLimit: options.resultLimit,
  };
}

function resolveAuthenticate(options: HttpOptions): HttpOptions['authenticate'] {
  if (options.auth && options.authenticate) {
    throw new TypeError(
      'Pass either auth or authenticate, not both: auth.authenticate is the one that runs.',
    );
  }
  const provider = options.auth;
  return provider ? (exchange) => provider.authenticate(exchange) : options.authenticate;
}

function normalisePath(path: string, name: string): string {
  if (!path.startsWith('/')) throw new TypeError(`${name} must start with "/", got "${path}"`);
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
