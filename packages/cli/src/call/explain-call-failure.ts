import { CliError } from '../cli-error.ts';
import type { LastAnswer } from './recording-fetch.ts';

const SOCKET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the name did not resolve',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'no route to the host',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
};

/**
 * Turns whatever the client threw into one line that says what to do: the server cannot be
 * reached, wants a credential, refuses it, is not an MCP endpoint, or answered an error.
 */
export function explainCallFailure(error: unknown, url: string, last: LastAnswer | undefined): CliError {
  if (last?.status === 0) {
    const reason = last.networkError ? (SOCKET_ERRORS[last.networkError] ?? last.networkError) : 'no answer';
    return new CliError(`cannot reach ${url} (${reason}). Is the server running? Check the host and port.`);
  }
  if (last?.status === 401) {
    const metadata = last.wwwAuthenticate
      ? /resource_metadata="([^"]+)"/.exec(last.wwwAuthenticate)?.[1]
      : undefined;
    return new CliError(
      `${url} answered 401 Unauthorized: it needs a token or key. Pass --token <token> or --header 'Name: key'` +
        (metadata ? ` (resource metadata: ${metadata})` : '.'),
    );
  }
  if (last?.status === 403) {
    return new CliError(`${url} answered 403 Forbidden: the credential is not allowed to use this server.`);
  }
  if (last !== undefined && !last.jsonRpc) {
    const type = last.contentType.split(';')[0]?.trim();
    return new CliError(
      `${url} is not an MCP endpoint: it answered HTTP ${last.status}${type ? ` ${type}` : ''}, not JSON-RPC. ` +
        'Check the URL path (lambda-mcp servers answer on /mcp).',
    );
  }
  const { code, message } = (error ?? {}) as { code?: unknown; message?: string };
  if (code === 'REQUEST_TIMEOUT') return new CliError(`${url} did not answer in time (--timeout).`);
  const firstLine = (message ?? String(error)).split('\n')[0];
  if (typeof code === 'number') return new CliError(`the server answered error ${code}: ${firstLine}`);
  return new CliError(`${url}: ${firstLine}`);
}
