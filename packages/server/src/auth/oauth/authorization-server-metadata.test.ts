import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { discoverIssuer, discoveryUrls } from './authorization-server-metadata.ts';

test('discovery URLs: OIDC form, then RFC 8414 with the path after the well-known segment', () => {
  assert.deepEqual(discoveryUrls('https://auth.example.com/tenant/1/'), [
    'https://auth.example.com/tenant/1/.well-known/openid-configuration',
    'https://auth.example.com/.well-known/oauth-authorization-server/tenant/1',
    'https://auth.example.com/.well-known/openid-configuration/tenant/1',
  ]);
});

test('falls back to RFC 8414 metadata, and refuses a document naming another issuer', async () => {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(request.url ?? '');
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    if (request.url === '/.well-known/oauth-authorization-server/as') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ issuer: `${origin}/as`, jwks_uri: `${origin}/jwks` }));
    } else if (request.url === '/.well-known/oauth-authorization-server/liar') {
      response.end(JSON.stringify({ issuer: 'https://evil.example' }));
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const metadata = await discoverIssuer(`${origin}/as`);
    assert.deepEqual(metadata, { issuer: `${origin}/as`, jwks_uri: `${origin}/jwks` });
    assert.deepEqual(seen, [
      '/as/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server/as',
    ]);
    await discoverIssuer(`${origin}/as`);
    assert.equal(seen.length, 2);
    await assert.rejects(discoverIssuer(`${origin}/liar`), /names issuer "https:\/\/evil.example"/);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
