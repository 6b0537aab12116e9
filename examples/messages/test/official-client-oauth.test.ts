// The official 2.x client runs its whole OAuth flow against the messages server started with
// OIDC_ISSUER: 401, Protected Resource Metadata, authorization server discovery, registration
// (dynamic, or a client ID metadata document), authorization code + PKCE through a scripted
// browser, token, then post_message signed with the token's email.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport, UnauthorizedError } from '@modelcontextprotocol/client';
import { decodeJwt } from 'jose';
import { freePort } from '../../../packages/server/src/limits/dynamodb-local.fixture.ts';
import { MemoryOAuthProvider } from './memory-oauth-provider.ts';
import {
  CLIENT_METADATA_URL,
  READ_SCOPE,
  type SignedInBoard,
  startSignedInBoard,
  WRITE_SCOPE,
} from './oauth-harness.ts';
import { authorizeInBrowser } from './scripted-browser.ts';

let board: SignedInBoard;
before(async () => {
  board = await startSignedInBoard();
});
after(() => board?.stop());

/** Every request the client makes itself (not the browser's), as "METHOD path status". */
function recordingFetch(seen: string[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    seen.push(`${request.method} ${new URL(request.url).pathname} ${response.status}`);
    return response;
  };
}

function newClient(provider: MemoryOAuthProvider, seen: string[]) {
  const client = new Client(
    { name: 'messages-oauth-test', version: '1.0.0' },
    { versionNegotiation: { mode: 'auto' } },
  );
  const transport = new StreamableHTTPClientTransport(new URL(board.mcpUrl), {
    authProvider: provider,
    fetch: recordingFetch(seen),
  });
  return { client, transport };
}

/** The first connection is refused and sends the user to sign in; the callback's code finishes it. */
async function signIn(provider: MemoryOAuthProvider, login: string, seen: string[]): Promise<Client> {
  const refused = newClient(provider, seen);
  await assert.rejects(refused.client.connect(refused.transport), UnauthorizedError);
  assert.ok(provider.authorizationUrl, 'the client asked the user to sign in');
  const callback = await authorizeInBrowser(provider.authorizationUrl, login);
  assert.equal(`${callback.origin}${callback.pathname}`, provider.redirectUrl);
  await refused.transport.finishAuth(callback.searchParams);
  await refused.client.close();
  const signedIn = newClient(provider, seen);
  await signedIn.client.connect(signedIn.transport);
  return signedIn.client;
}

describe('the official client signs in to the messages server with OAuth', () => {
  test('registers dynamically, signs in through the browser, and posts as the token email', async () => {
    const seen: string[] = [];
    const provider = new MemoryOAuthProvider({
      redirectUrl: `http://127.0.0.1:${await freePort()}/callback`,
    });
    const client = await signIn(provider, 'alice', seen);
    try {
      const posted = await client.callTool({
        name: 'post_message',
        arguments: { text: 'Signed in', channel: 'oauth' },
      });
      assert.equal(posted.isError, undefined);
      assert.equal((posted.structuredContent as { author: string }).author, 'alice@example.com');
      assert.deepEqual(seen, [
        'POST /mcp 401',
        'GET /.well-known/oauth-protected-resource/mcp 200',
        'GET /.well-known/oauth-authorization-server 200',
        'POST /reg 201',
        'POST /token 200',
        'POST /mcp 200',
        'POST /mcp 200',
      ]);
      // RFC 8707: the token is a JWT for this server only, and carries the signed-in user's email.
      const claims = decodeJwt(provider.saved.tokens?.access_token ?? '');
      assert.deepEqual(
        [claims.aud, claims.email, claims.scope],
        [board.mcpUrl, 'alice@example.com', `${READ_SCOPE} ${WRITE_SCOPE}`],
      );
    } finally {
      await client.close();
    }
  });

  test('identifies itself with a client ID metadata document instead of registering', async () => {
    const seen: string[] = [];
    const provider = new MemoryOAuthProvider({
      redirectUrl: board.metadataRedirectUri,
      clientMetadataUrl: CLIENT_METADATA_URL,
    });
    const client = await signIn(provider, 'bob', seen);
    try {
      const posted = await client.callTool({
        name: 'post_message',
        arguments: { text: 'No registration', channel: 'oauth' },
      });
      assert.equal((posted.structuredContent as { author: string }).author, 'bob@example.com');
      assert.equal(provider.saved.client?.client_id, CLIENT_METADATA_URL);
      // No registration request: the authorization server fetched the document itself.
      assert.deepEqual(seen, [
        'POST /mcp 401',
        'GET /.well-known/oauth-protected-resource/mcp 200',
        'GET /.well-known/oauth-authorization-server 200',
        'POST /token 200',
        'POST /mcp 200',
        'POST /mcp 200',
      ]);
    } finally {
      await client.close();
    }
  });
});
