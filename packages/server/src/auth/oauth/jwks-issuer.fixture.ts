import { createServer } from 'node:http';
import type { JWK } from 'jose';

/** A minimal issuer on loopback: OIDC discovery and a JWKS whose keys the test sets and rotates. */
export interface JwksIssuer {
  /** The issuer URL (discovery at `/.well-known/openid-configuration`, keys at `/jwks`). */
  readonly url: string;
  /** The keys `/jwks` serves; replace to rotate. */
  keys: JWK[];
  /** How many times `/jwks` was fetched. */
  readonly fetches: number;
  resetFetches(): void;
  stop(): Promise<void>;
}

export async function startJwksIssuer(): Promise<JwksIssuer> {
  let fetches = 0;
  const state = { keys: [] as JWK[] };
  const server = createServer((request, response) => {
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    response.setHeader('content-type', 'application/json');
    if (request.url === '/.well-known/openid-configuration') {
      response.end(JSON.stringify({ issuer: origin, jwks_uri: `${origin}/jwks` }));
    } else if (request.url === '/jwks') {
      fetches++;
      response.end(JSON.stringify({ keys: state.keys }));
    } else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    get keys() {
      return state.keys;
    },
    set keys(keys: JWK[]) {
      state.keys = keys;
    },
    get fetches() {
      return fetches;
    },
    resetFetches() {
      fetches = 0;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
