import { socketErrorCode } from './socket-error-code.ts';

/** What an HTTP exchange that gave no MCP answer came to: enough to say what went wrong. */
export interface FailedAnswer {
  /** Why no answer came: the socket error code (ECONNREFUSED, ENOTFOUND, ...) or the error's message. */
  networkError?: string | undefined;
  /** 0 when no HTTP answer came at all. */
  status: number;
  contentType: string;
  wwwAuthenticate: string | null;
  /** Where a 3xx answer sends the client. */
  location?: string | null;
  /** API Gateway's name for an error it answered itself (`x-amzn-ErrorType`). */
  gatewayError?: string | null;
}

/**
 * Why the remote server could not be used for one message: a line that says what to do (the
 * one `lambda-mcp call` prints and the proxy logs) and the JSON-RPC error code a stdio client gets.
 */
export class RemoteFailure extends Error {
  readonly code: number;
  /** Whether an HTTP answer came at all (false: connection refused, no such host, ...). */
  readonly reachable: boolean;

  constructor(message: string, code: number, reachable = true) {
    super(message);
    this.name = 'RemoteFailure';
    this.code = code;
    this.reachable = reachable;
  }
}

/**
 * The connection closed while the remote was still sending its answer to `what` (a method):
 * the server stopped in the middle of it, or the network between.
 */
export function brokenAnswer(url: string, what: string, error: unknown): RemoteFailure {
  const code = socketErrorCode(error);
  const reason = code === undefined ? (error as Error).message : (SOCKET_ERRORS[code] ?? code);
  return new RemoteFailure(
    `${url} broke off its answer to ${what} (${reason}): the server stopped in the middle of it, a crash or a timeout? Check its logs.`,
    REMOTE_UNAVAILABLE,
  );
}

/**
 * The remote's answer to a request ended without the response (a crash, a streamed answer cut
 * by a timeout, a 202 to a request): said, so that whoever asked does not wait forever.
 */
export function endedWithoutResult(url: URL, method: string): RemoteFailure {
  return new RemoteFailure(`${url.href} ended its answer to ${method} without a result.`, -32603);
}

/** Implementation-defined JSON-RPC codes (the -32000..-32099 range) for what went wrong on HTTP. */
export const REMOTE_UNAVAILABLE = -32000;
export const REMOTE_UNAUTHORIZED = -32001;

const SOCKET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the name did not resolve',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'no route to the host',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  EPROTO: 'the TLS handshake failed: does it speak https?',
};

/**
 * One line from the exchange that went wrong: the server cannot be reached, wants a
 * credential, refuses it, redirects, rate-limits, failed (5xx), or is not an MCP endpoint.
 */
export function remoteFailure(url: string, answer: FailedAnswer): RemoteFailure {
  if (answer.status === 0) {
    const reason = answer.networkError
      ? (SOCKET_ERRORS[answer.networkError] ?? answer.networkError)
      : 'no answer';
    return new RemoteFailure(
      `cannot reach ${url} (${reason}). Is the server running? Check the host and port.`,
      REMOTE_UNAVAILABLE,
      false,
    );
  }
  if (answer.status === 401) {
    const metadata = answer.wwwAuthenticate
      ? /resource_metadata="([^"]+)"/.exec(answer.wwwAuthenticate)?.[1]
      : undefined;
    return new RemoteFailure(
      `${url} answered 401 Unauthorized: it needs a token or key. Pass --token <token> or --header 'Name: key'` +
        (metadata ? ` (resource metadata: ${metadata})` : '.'),
      REMOTE_UNAUTHORIZED,
    );
  }
  // A REST API's answer for a path it has no route for (a missing stage): not the credential's fault.
  if (answer.status === 403 && answer.gatewayError?.startsWith('MissingAuthenticationTokenException')) {
    return new RemoteFailure(
      `${url} answered 403 Missing Authentication Token: API Gateway's answer for a path it has no route for (check the path and the stage, e.g. /prod/mcp), or for an IAM-authorized route called unsigned.`,
      REMOTE_UNAVAILABLE,
    );
  }
  if (answer.status === 403) {
    return new RemoteFailure(
      `${url} answered 403 Forbidden: the credential is not allowed to use this server.`,
      REMOTE_UNAUTHORIZED,
    );
  }
  // Not followed: a POST's body and credentials are not sent on to another URL unasked.
  if (answer.status >= 300 && answer.status < 400 && answer.location) {
    const target = URL.canParse(answer.location, url) ? new URL(answer.location, url).href : answer.location;
    return new RemoteFailure(
      `${url} redirects to ${target} (HTTP ${answer.status}): give that URL instead.`,
      REMOTE_UNAVAILABLE,
    );
  }
  // A gateway's rate limit (API Gateway's 429 {"message":"Too Many Requests"}): the URL is right.
  if (answer.status === 429) {
    return new RemoteFailure(
      `${url} refused the request as one too many (HTTP 429): try again later.`,
      REMOTE_UNAVAILABLE,
    );
  }
  const type = answer.contentType.split(';')[0]?.trim();
  const answered = `it answered HTTP ${answer.status}${type ? ` ${type}` : ''}, not JSON-RPC.`;
  // A 5xx is the server failing (API Gateway's 502 for a crashed or timed-out function), not a wrong path.
  if (answer.status >= 500) {
    return new RemoteFailure(
      `${url} failed: ${answered} The server, or the gateway in front of it, could not answer (a crash or a timeout): check its logs.`,
      REMOTE_UNAVAILABLE,
    );
  }
  return new RemoteFailure(
    `${url} is not an MCP endpoint: ${answered} Check the URL path (lambda-mcp servers answer on /mcp).`,
    REMOTE_UNAVAILABLE,
  );
}
