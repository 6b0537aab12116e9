import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { createTokenVerifier } from './verify-bearer-token.ts';

// A minimal issuer whose published keys the test rotates.
let published: JWK[] = [];
let jwksFetches = 0;
const server = createServer((request, response) => {
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  response.setHeader('content-type', 'application/json');
  if (request.url === '/.well-known/openid-configuration') {
    response.end(JSON.stringify({ issuer: origin, jwks_uri: `${origin}/jwks` }));
  } else if (request.url === '/jwks') {
    jwksFetches++;
    response.end(JSON.stringify({ keys: published }));
  } else {
    response.statusCode = 404;
    response.end('{}');
  }
});
let issuer = '';
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function keyPair(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

async function tokenFrom(key: Awaited<ReturnType<typeof keyPair>>): Promise<string> {
  return new SignJWT({ sub: 'u', scope: 'a' })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setIssuer(issuer)
    .setAudience('urn:mcp')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key.privateKey);
}

test('an unknown kid refetches the JWKS once the cooldown allowed it, and a rotated key verifies', async () => {
  const [first, second] = [await keyPair('k1'), await keyPair('k2')];
  published = [first.jwk];
  jwksFetches = 0;
  const verify = createTokenVerifier({
    issuer,
    audience: 'urn:mcp',
    jwksCooldownMs: 0,
    verifiedTokenCache: 0,
  });
  assert.equal((await verify(await tokenFrom(first))).ok, true);
  assert.equal((await verify(await tokenFrom(first))).ok, true);
  assert.equal(jwksFetches, 1, 'keys are cached between requests');
  published = [first.jwk, second.jwk];
  assert.equal((await verify(await tokenFrom(second))).ok, true);
  assert.equal(jwksFetches, 2, 'one refetch for the new kid');
});

test('within the cooldown an unknown kid is refused without refetching', async () => {
  const [first, second] = [await keyPair('k3'), await keyPair('k4')];
  published = [first.jwk];
  jwksFetches = 0;
  const verify = createTokenVerifier({ issuer, audience: 'urn:mcp', jwksCooldownMs: 3_600_000 });
  assert.equal((await verify(await tokenFrom(first))).ok, true);
  published = [first.jwk, second.jwk];
  assert.deepEqual(await verify(await tokenFrom(second)), { ok: false, reason: 'unknown_key' });
  assert.deepEqual(await verify(await tokenFrom(second)), { ok: false, reason: 'unknown_key' });
  assert.equal(jwksFetches, 1);
});

test('prepare() fetches the keys ahead of the first request', async () => {
  const key = await keyPair('k5');
  published = [key.jwk];
  jwksFetches = 0;
  const verify = createTokenVerifier({ issuer, audience: 'urn:mcp' });
  await verify.prepare();
  assert.equal(jwksFetches, 1);
  assert.equal((await verify(await tokenFrom(key))).ok, true);
  assert.equal(jwksFetches, 1);
});
