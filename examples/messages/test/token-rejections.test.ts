// Through the whole messages server (started with OIDC_ISSUER): a token that does not verify
// gets 401 with the exact RFC 6750 / RFC 9728 challenge, and a valid token that lacks the scope
// a tool requires gets 403 insufficient_scope naming it (step-up), while its other tools work.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { importJWK, SignJWT } from 'jose';
import { mcpRequest } from 'lambda-mcp/testing';
import { READ_SCOPE, type SignedInBoard, startSignedInBoard, WRITE_SCOPE } from './oauth-harness.ts';

let board: SignedInBoard;
before(async () => {
  board = await startSignedInBoard();
});
after(() => board?.stop());

async function call(token: string, tool: string, args: Record<string, unknown>) {
  const { headers, body } = mcpRequest('tools/call', { name: tool, arguments: args });
  const response = await fetch(board.mcpUrl, {
    method: 'POST',
    headers: { ...headers, authorization: `Bearer ${token}` },
    body,
  });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    json: await response.json(),
  };
}

const metadataUrl = () => `${new URL(board.mcpUrl).origin}/.well-known/oauth-protected-resource/mcp`;

describe('the messages server refuses tokens it must not accept', () => {
  test('an expired token signed by the issuer gets 401 invalid_token "The access token expired"', async () => {
    // Signed with the issuer's own key, for this server: only the time is wrong.
    const key = await importJWK(board.issuer.signingKey, 'RS256');
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ scope: `${READ_SCOPE} ${WRITE_SCOPE}`, email: 'late@example.com' })
      .setProtectedHeader({ alg: 'RS256', kid: board.issuer.signingKey.kid, typ: 'at+jwt' })
      .setIssuer(board.issuer.issuer)
      .setAudience(board.mcpUrl)
      .setSubject('late')
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(key);
    const answer = await call(expired, 'get_messages', {});
    assert.equal(answer.status, 401);
    assert.equal(
      answer.challenge,
      `Bearer resource_metadata="${metadataUrl()}", scope="${READ_SCOPE} ${WRITE_SCOPE}", error="invalid_token", error_description="The access token expired"`,
    );
    assert.equal(answer.json.error.code, -32001);
  });

  test('a token the issuer made for another resource gets 401 invalid_token', async () => {
    const elsewhere = await board.issuer.token(`${new URL(board.mcpUrl).origin}/other-mcp`);
    const answer = await call(elsewhere, 'get_messages', {});
    assert.equal(answer.status, 401);
    assert.equal(
      answer.challenge,
      `Bearer resource_metadata="${metadataUrl()}", scope="${READ_SCOPE} ${WRITE_SCOPE}", error="invalid_token", error_description="The access token is invalid"`,
    );
  });

  test('a token with only the read scope reads, and gets 403 insufficient_scope from post_message', async () => {
    const reader = await board.issuer.token(board.mcpUrl, READ_SCOPE);
    const read = await call(reader, 'get_messages', { channel: 'scopes' });
    assert.equal(read.status, 200);
    assert.deepEqual(read.json.result.structuredContent, { messages: [] });
    const write = await call(reader, 'post_message', { text: 'not allowed', channel: 'scopes' });
    assert.equal(write.status, 403);
    assert.equal(
      write.challenge,
      `Bearer resource_metadata="${metadataUrl()}", scope="${WRITE_SCOPE}", error="insufficient_scope", error_description="This needs the scope ${WRITE_SCOPE}"`,
    );
    assert.deepEqual(write.json.error, {
      code: -32003,
      message: `Forbidden: tool post_message needs the scope ${WRITE_SCOPE}. Authorize with it and retry.`,
      data: { requiredScopes: [WRITE_SCOPE] },
    });
  });
});
