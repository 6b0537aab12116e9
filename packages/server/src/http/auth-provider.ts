import type { RequestId } from '../protocol/jsonrpc.ts';
import type { AuthInfo } from '../server/auth-info.ts';
import type { ToolError } from '../server/tool-error.ts';
import type { Exchange, Reply } from './exchange.ts';

/**
 * Access control as the HTTP layer uses it. `lambda-mcp/auth` makes these
 * (`apiKeyAuth`, `oauthResourceServer`); any object of this shape works.
 */
export interface AuthProvider {
  /** The caller's identity, `undefined` for anonymous, or a Reply (a 401 with its challenge) to answer instead. */
  authenticate(exchange: Exchange): Promise<AuthInfo | Reply | undefined> | AuthInfo | Reply | undefined;
  /** Documents served without auth by exact path (Protected Resource Metadata, RFC 9728). */
  readonly routes?: Readonly<Record<string, (exchange: Exchange) => Reply | Promise<Reply>>>;
  /** The answer to a caller that lacks scopes: a 403 whose `WWW-Authenticate` names them. */
  forbidden?(scopes: readonly string[]): Reply;
  /** What discovery documents tell clients about the credential. */
  readonly describe?: {
    readonly scheme: string;
    /** The header that carries the credential, e.g. `authorization` or `x-api-key`. */
    readonly header: string;
    readonly resourceMetadata?: string | undefined;
  };
}

/** One request as a rate limiter sees it, after authentication. */
export interface LimitRequest {
  exchange: Exchange;
  auth: AuthInfo | undefined;
  /** The JSON-RPC id: a refusal carries it, so the client can tell which request was refused. */
  requestId: RequestId;
  method: string;
  /** The tool of a `tools/call`. */
  tool: string | undefined;
}

/**
 * Runs after authentication, before the method: a Reply (429 with `Retry-After`) refuses
 * the request, a ToolError answers a `tools/call` without running the tool, `undefined`
 * lets it through. `lambda-mcp/limits` makes one from declared rules.
 */
export type RequestLimit = (
  request: LimitRequest,
) => Reply | ToolError | undefined | Promise<Reply | ToolError | undefined>;
