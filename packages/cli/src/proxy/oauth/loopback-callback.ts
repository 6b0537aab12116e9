import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AuthorizationCallback {
  /** `http://127.0.0.1:<port>/callback`: the redirect URI registered for the proxy. */
  redirectUri: string;
  /** The code (and `iss`, RFC 9207) the browser brings back, once the user signed in. */
  result: Promise<{ code: string; iss?: string }>;
  close(): void;
}

const PAGE = (text: string) => `<!doctype html><meta charset="utf-8"><title>lambda-mcp</title><p>${text}</p>`;

/**
 * The loopback redirect of a native OAuth client (RFC 8252 §7.3): a one-shot HTTP server on
 * 127.0.0.1 that waits for the browser to come back with the authorization code. `port` 0
 * picks a free one; a port in use falls back to a free one (the client is registered again).
 */
export async function listenForCallback(port: number, expectedState: () => string | undefined) {
  let settle!: { resolve(value: { code: string; iss?: string }): void; reject(error: Error): void };
  const result = new Promise<{ code: string; iss?: string }>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody may be waiting yet when the browser answers with an error.
  result.catch(() => {});
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      response.writeHead(404).end();
      return;
    }
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    const state = expectedState();
    if (state !== undefined && url.searchParams.get('state') !== state) {
      response
        .writeHead(400, { 'content-type': 'text/html' })
        .end(PAGE('Sign-in failed: the state does not match.'));
      settle.reject(
        new Error('the authorization callback carried a different state (a stale or forged link)'),
      );
      return;
    }
    if (error !== null || code === null) {
      const description = url.searchParams.get('error_description') ?? error ?? 'no code';
      response.writeHead(400, { 'content-type': 'text/html' }).end(PAGE(`Sign-in failed: ${description}`));
      settle.reject(new Error(`the authorization server answered ${description}`));
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end(PAGE('Signed in: you can close this window and go back to your MCP client.'));
    const iss = url.searchParams.get('iss');
    settle.resolve(iss === null ? { code } : { code, iss });
  });
  await listen(server, port).catch(() => listen(server, 0));
  const { port: bound } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${bound}/callback`,
    result,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  } satisfies AuthorizationCallback;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
