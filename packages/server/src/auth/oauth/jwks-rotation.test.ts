import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { type JwksIssuer, startJwksIssuer } from './jwks-issuer.fixture.ts';
import { createTokenVerifier } from './verify-bearer-token.ts';

let jwks: JwksIssuer;
let issuer = '';
before(async () => {
  jwks = await startJwksIssuer();
  issuer = jwks.url;
});
after(() => jwks.stop());

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
  jwks.keys = [first.jwk];
  jwks.resetFetches();
  const verify = createTokenVerifier({
    issuer,
    audience: 'urn:mcp',
    jwksCooldownMs: 0,
    verifiedTokenCache: 0,
  });
  assert.equal((await verify(await tokenFrom(first))).ok, true);
  assert.equal((await verify(await tokenFrom(first))).ok, true);
  assert.equal(jwks.fetches, 1, 'keys are cached between requests');
  jwks.keys = [first.jwk, second.jwk];
  assert.equal((await verify(await tokenFrom(second))).ok, true);
  assert.equal(jwks.fetches, 2, 'one refetch for the new kid');
});

test('within the cooldown an unknown kid is refused without refetching', async () => {
  const [first, second] = [await keyPair('k3'), await keyPair('k4')];
  jwks.keys = [first.jwk];
  jwks.resetFetches();
  const verify = createTokenVerifier({ issuer, audience: 'urn:mcp', jwksCooldownMs: 3_600_000 });
  assert.equal((await verify(await tokenFrom(first))).ok, true);
  jwks.keys = [first.jwk, second.jwk];
  assert.deepEqual(await verify(await tokenFrom(second)), { ok: false, reason: 'unknown_key' });
  assert.deepEqual(await verify(await tokenFrom(second)), { ok: false, reason: 'unknown_key' });
  assert.equal(jwks.fetches, 1);
});

test('prepare() fetches the keys ahead of the first request', async () => {
  const key = await keyPair('k5');
  jwks.keys = [key.jwk];
  jwks.resetFetches();
  const verify = createTokenVerifier({ issuer, audience: 'urn:mcp' });
  await verify.prepare();
  assert.equal(jwks.fetches, 1);
  assert.equal((await verify(await tokenFrom(key))).ok, true);
  assert.equal(jwks.fetches, 1);
});

test('a remembered token is trusted no longer than the keys that verified it: a withdrawn key stops it', async () => {
  const [withdrawn, current] = [await keyPair('k6'), await keyPair('k7')];
  jwks.keys = [withdrawn.jwk];
  let clock = Date.now();
  const verify = createTokenVerifier({
    issuer,
    audience: 'urn:mcp',
    jwksUri: `${issuer}/jwks`,
    jwksCacheMaxAgeMs: 60_000,
    jwksCooldownMs: 3_600_000,
    now: () => clock,
  });
  const token = await tokenFrom(withdrawn); // exp in 5 minutes
  assert.equal((await verify(token)).ok, true);
  // The issuer withdraws the key (compromised, say): the token no longer verifies from the set.
  jwks.keys = [current.jwk];
  clock += 30_000;
  assert.equal((await verify(token)).ok, true, 'within the keys maximum age, as without the cache');
  clock += 31_000;
  assert.deepEqual(await verify(token), { ok: false, reason: 'unknown_key' });
  assert.equal((await verify(await tokenFrom(current))).ok, true);
});

test('unknown kids cannot make a failing JWKS endpoint be asked on every request: the cooldown counts from the failure', async () => {
  const [known, unknown] = [await keyPair('k8'), await keyPair('k9')];
  jwks.keys = [known.jwk];
  let clock = Date.now();
  let failing = false;
  let fetches = 0;
  const verify = createTokenVerifier({
    issuer,
    audience: 'urn:mcp',
    jwksUri: `${issuer}/jwks`,
    jwksCooldownMs: 30_000,
    verifiedTokenCache: 0,
    now: () => clock,
    fetch: async (input, init) => {
      fetches++;
      return failing ? new Response('busy', { status: 429 }) : fetch(input, init);
    },
  });
  assert.equal((await verify(await tokenFrom(known))).ok, true);
  assert.equal(fetches, 1);
  failing = true; // the endpoint starts refusing (rate limit, outage)
  clock += 31_000;
  assert.deepEqual(await verify(await tokenFrom(unknown)), {
    ok: false,
    reason: 'unavailable',
    detail: `JWKS request to ${issuer}/jwks answered HTTP 429`,
  });
  assert.equal(fetches, 2, 'the cooldown had passed: one refetch, which failed');
  for (let i = 0; i < 5; i++) {
    clock += 1000;
    assert.deepEqual(await verify(await tokenFrom(unknown)), { ok: false, reason: 'unknown_key' });
  }
  assert.equal(fetches, 2, 'no refetch within the cooldown after the failed one');
  assert.equal((await verify(await tokenFrom(known))).ok, true, 'the held keys still verify');
  clock += 30_000;
  failing = false;
  jwks.keys = [known.jwk, unknown.jwk];
  assert.equal((await verify(await tokenFrom(unknown))).ok, true);
  assert.equal(fetches, 3);
});

// Any request with a JWT-shaped token (no valid signature needed) reaches the key set: while
// the endpoint fails, asking it again for each one would make every request wait on it and
// let anyone hammer a struggling issuer from every execution environment.
test('a failing JWKS endpoint is asked at most once per 5 s, with no keys held or stale ones', async () => {
  const key = await keyPair('k10');
  jwks.keys = [key.jwk];
  let clock = Date.now();
  let failing = true;
  let fetches = 0;
  const verify = createTokenVerifier({
    issuer,
    audience: 'urn:mcp',
    jwksUri: `${issuer}/jwks`,
    verifiedTokenCache: 0,
    now: () => clock,
    fetch: async (input, init) => {
      fetches++;
      return failing ? new Response('down', { status: 503 }) : fetch(input, init);
    },
  });
  const unavailable = {
    ok: false,
    reason: 'unavailable',
    detail: `JWKS request to ${issuer}/jwks answered HTTP 503`,
  };
  // Valid for the whole test, whose clock runs ahead more than ten minutes.
  const token = await new SignJWT({ sub: 'u' })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setIssuer(issuer)
    .setAudience('urn:mcp')
    .setExpirationTime('1h')
    .sign(key.privateKey);
  for (let i = 0; i < 5; i++) {
    assert.deepEqual(await verify(token), unavailable);
    clock += 900;
  }
  assert.equal(fetches, 1, 'no keys held: one fetch in the first 5 s, however many requests');
  clock += 500;
  assert.deepEqual(await verify(token), unavailable);
  assert.equal(fetches, 2, '5 s after the failed fetch: one more');
  failing = false;
  clock += 5000;
  assert.equal((await verify(token)).ok, true);
  assert.equal(fetches, 3);
  // Ten minutes on the keys are stale: refetched before use, and that fetch fails.
  failing = true;
  clock += 600_000;
  for (let i = 0; i < 5; i++) {
    assert.deepEqual(await verify(token), unavailable);
    clock += 900;
  }
  assert.equal(fetches, 4, 'stale keys: one failed refetch in 5 s, however many requests');
  clock += 500;
  failing = false;
  assert.equal((await verify(token)).ok, true);
  assert.equal(fetches, 5);
});
