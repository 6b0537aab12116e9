import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject, sign as signBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { exportJWK, type JWK, SignJWT } from 'jose';
import { type JwksIssuer, startJwksIssuer } from './jwks-issuer.fixture.ts';
import { createTokenVerifier, type TokenVerification } from './verify-bearer-token.ts';

// An issuer serving whatever keys a test publishes; tokens are signed with jose.
let jwks: JwksIssuer;
let issuer = '';
before(async () => {
  jwks = await startJwksIssuer();
  issuer = jwks.url;
});
after(() => jwks.stop());

const newKeyPair = generateKeyPairSync as (
  type: string,
  options: object,
) => { privateKey: KeyObject; publicKey: KeyObject };

const claimsWith = (claims: Record<string, unknown>) => {
  const nowSec = Math.floor(Date.now() / 1000);
  return {
    iss: issuer,
    aud: 'urn:mcp',
    sub: 'user-1',
    scope: 'a',
    iat: nowSec,
    exp: nowSec + 300,
    ...claims,
  };
};

async function signer(type: string, options: object, kid: string, jwkExtra: Partial<JWK> = {}) {
  const { privateKey, publicKey } = newKeyPair(type, options);
  const jwk = { ...(await exportJWK(publicKey)), kid, ...jwkExtra };
  const sign = (alg: string, header: Record<string, unknown> = {}, claims: Record<string, unknown> = {}) =>
    new SignJWT(claimsWith(claims)).setProtectedHeader({ alg, kid, ...header }).sign(privateKey);
  /** A token signed by node:crypto directly, for what jose refuses to sign (OKP: `hash` null). */
  const signRaw = (alg: string, hash: string | null, header: Record<string, unknown> = {}) => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${encode({ alg, kid, ...header })}.${encode(claimsWith({}))}`;
    return `${input}.${signBytes(hash, Buffer.from(input), privateKey).toString('base64url')}`;
  };
  const signRs256 = (header: Record<string, unknown> = {}) => signRaw('RS256', 'sha256', header);
  /** RS256 over header and payload bytes as given (base64url-encoded here unless strings). */
  const signBytesRs256 = (header: Buffer | string, payload: Buffer | string) => {
    const part = (value: Buffer | string) =>
      typeof value === 'string' ? value : value.toString('base64url');
    const input = `${part(header)}.${part(payload)}`;
    return `${input}.${signBytes('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  };
  return {
    jwk,
    sign,
    signRs256,
    signRaw,
    signBytesRs256,
    privateJwk: { ...privateKey.export({ format: 'jwk' }), kid },
  };
}

const verifiers = () =>
  (['node:crypto', 'jose'] as const).map((verifyWith) =>
    createTokenVerifier({
      issuer,
      audience: 'urn:mcp',
      jwksUri: `${issuer}/jwks`,
      algorithms: ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'],
      verifiedTokenCache: 0,
      jwksCooldownMs: 0,
      verifyWith,
    }),
  );

/** The outcome on both paths, which must agree. */
async function outcome(token: string): Promise<TokenVerification | { ok: true }> {
  const [node, jose] = await Promise.all(verifiers().map((verify) => verify(token)));
  const simple = (result: TokenVerification) => (result.ok ? { ok: true as const } : result);
  assert.deepEqual(simple(node!), simple(jose!), 'node:crypto and jose disagree');
  return simple(node!);
}

test('verifies RS256, PS256, ES256, ES384 and EdDSA signatures, as jose does', async () => {
  const rsa = await signer('rsa', { modulusLength: 2048 }, 'rsa');
  const p256 = await signer('ec', { namedCurve: 'P-256' }, 'p256');
  const p384 = await signer('ec', { namedCurve: 'P-384' }, 'p384');
  const ed = await signer('ed25519', {}, 'ed');
  jwks.keys = [rsa.jwk, p256.jwk, p384.jwk, ed.jwk];
  for (const token of [
    await rsa.sign('RS256'),
    await rsa.sign('PS256'),
    await p256.sign('ES256'),
    await p384.sign('ES384'),
    await ed.sign('EdDSA'),
  ]) {
    assert.deepEqual(await outcome(token), { ok: true });
  }
});

test('a key must fit the algorithm: type, curve, alg, use and key_ops', async () => {
  const p256 = await signer('ec', { namedCurve: 'P-256' }, 'p256');
  const forEncryption = await signer('rsa', { modulusLength: 2048 }, 'enc', { use: 'enc' });
  const wrongAlg = await signer('rsa', { modulusLength: 2048 }, 'ps-only', { alg: 'PS256' });
  const noVerify = await signer('rsa', { modulusLength: 2048 }, 'sign-only', { key_ops: ['sign'] });
  jwks.keys = [p256.jwk, forEncryption.jwk, wrongAlg.jwk, noVerify.jwk];
  // An RS256 header naming the EC key: no RSA key under that kid.
  const ecAsRsa = await forEncryption.sign('RS256', { kid: 'p256' });
  assert.deepEqual(await outcome(ecAsRsa), { ok: false, reason: 'unknown_key' });
  assert.deepEqual(await outcome(await forEncryption.sign('RS256')), { ok: false, reason: 'unknown_key' });
  assert.deepEqual(await outcome(await wrongAlg.sign('RS256')), { ok: false, reason: 'unknown_key' });
  assert.deepEqual(await outcome(await wrongAlg.sign('PS256')), { ok: true });
  assert.deepEqual(await outcome(await noVerify.sign('RS256')), { ok: false, reason: 'unknown_key' });
});

test('refuses RSA keys under 2048 bits, an algorithm not allowed, and a crit extension', async () => {
  const weak = await signer('rsa', { modulusLength: 1024 }, 'weak');
  jwks.keys = [weak.jwk];
  const [node, jose] = verifiers();
  // jose throws a TypeError for the short key (read as the issuer being unusable); ours finds no usable key.
  assert.deepEqual(await node!(weak.signRs256()), { ok: false, reason: 'bad_signature' });
  assert.equal((await jose!(weak.signRs256())).ok, false);
  const p521 = await signer('ec', { namedCurve: 'P-521' }, 'p521');
  jwks.keys = [p521.jwk];
  assert.deepEqual(await outcome(await p521.sign('ES512')), { ok: false, reason: 'disallowed_algorithm' });
  const rsa = await signer('rsa', { modulusLength: 2048 }, 'rsa');
  jwks.keys = [rsa.jwk];
  assert.deepEqual(await outcome(rsa.signRs256()), { ok: true });
  assert.deepEqual(
    await outcome(rsa.signRs256({ crit: ['urn:example:unknown'], 'urn:example:unknown': 1 })),
    {
      ok: false,
      reason: 'disallowed_algorithm',
    },
  );
});

test('a signature over other bytes fails; claims are only read once the signature holds', async () => {
  const rsa = await signer('rsa', { modulusLength: 2048 }, 'rsa');
  jwks.keys = [rsa.jwk];
  const [header, payload, signature] = (await rsa.sign('RS256')).split('.');
  const notAnObject = Buffer.from('[1,2]').toString('base64url');
  assert.deepEqual(await outcome(`${header}.${notAnObject}.${signature}`), {
    ok: false,
    reason: 'bad_signature',
  });
  const truncated = signature!.slice(0, -4);
  assert.deepEqual(await outcome(`${header}.${payload}.${truncated}`), {
    ok: false,
    reason: 'bad_signature',
  });
});

test('time and issuer rules: exp required, nbf and exp with the tolerance, iss exact', async () => {
  const rsa = await signer('rsa', { modulusLength: 2048 }, 'rsa');
  jwks.keys = [rsa.jwk];
  const nowSec = Math.floor(Date.now() / 1000);
  assert.deepEqual(await outcome(await rsa.sign('RS256', {}, { exp: nowSec - 10 })), { ok: true });
  assert.deepEqual(await outcome(await rsa.sign('RS256', {}, { exp: nowSec - 60 })), {
    ok: false,
    reason: 'expired',
  });
  assert.deepEqual(await outcome(await rsa.sign('RS256', {}, { nbf: nowSec + 10 })), { ok: true });
  assert.deepEqual(await outcome(await rsa.sign('RS256', {}, { nbf: nowSec + 60 })), {
    ok: false,
    reason: 'not_yet_valid',
  });
  assert.deepEqual(await outcome(await rsa.sign('RS256', {}, { iss: `${issuer}/` })), {
    ok: false,
    reason: 'wrong_issuer',
  });
});

test('key selection as jose makes it: kid type, key_ops and ext shape, EdDSA curve, private keys', async () => {
  const rsa = await signer('rsa', { modulusLength: 2048 }, 'rsa');
  jwks.keys = [rsa.jwk];
  // A kid that is not a string names no key (it is not read as "no kid").
  assert.deepEqual(await outcome(rsa.signRs256({ kid: 5 })), { ok: false, reason: 'unknown_key' });
  assert.deepEqual(await outcome(rsa.signRs256({ kid: null })), { ok: false, reason: 'unknown_key' });
  // key_ops that is not an array of distinct strings, or ext that is not a boolean, permits nothing.
  for (const extra of [{ key_ops: 'verify' }, { key_ops: ['verify', 'verify'] }, { ext: 'true' }]) {
    jwks.keys = [{ ...rsa.jwk, ...extra } as JWK];
    assert.deepEqual(
      await outcome(rsa.signRs256()),
      { ok: false, reason: 'unknown_key' },
      JSON.stringify(extra),
    );
  }
  jwks.keys = [{ ...rsa.jwk, key_ops: ['verify'], ext: true }];
  assert.deepEqual(await outcome(rsa.signRs256()), { ok: true });
  // EdDSA is Ed25519: an Ed448 key verifies nothing.
  const ed448 = await signer('ed448', {}, 'ed448');
  jwks.keys = [ed448.jwk];
  assert.deepEqual(await outcome(ed448.signRaw('EdDSA', null)), { ok: false, reason: 'unknown_key' });
  // A set publishing a private key is unusable (anyone holding the set could sign).
  jwks.keys = [rsa.privateJwk as JWK];
  assert.deepEqual(await outcome(rsa.signRs256()), {
    ok: false,
    reason: 'unavailable',
    detail: 'JSON Web Key Set members must be public keys',
  });
});

test('where several keys fit (a repeated kid), each is tried; jose refuses such a set', async () => {
  const [first, second] = [
    await signer('rsa', { modulusLength: 2048 }, 'same'),
    await signer('rsa', { modulusLength: 2048 }, 'same'),
  ];
  jwks.keys = [first.jwk, second.jwk];
  const [node, jose] = verifiers();
  assert.equal((await node!(second.signRs256())).ok, true);
  assert.deepEqual(await jose!(second.signRs256()), { ok: false, reason: 'unknown_key' });
});

test('base64url and UTF-8 are decoded as jose decodes them', async () => {
  const p384 = await signer('ec', { namedCurve: 'P-384' }, 'p384');
  const rsa = await signer('rsa', { modulusLength: 2048 }, 'rsa');
  jwks.keys = [p384.jwk, rsa.jwk];
  // An ES384 signature is 128 characters: a character appended cannot be decoded, and must
  // not be dropped (each of 64 appended characters made another token that verified).
  const es384 = await p384.sign('ES384');
  assert.deepEqual(await outcome(es384), { ok: true });
  for (const extra of ['A', 'Q', '_'])
    assert.deepEqual(await outcome(`${es384}${extra}`), {
      ok: false,
      reason: 'malformed',
      detail: 'Failed to base64url decode the signature',
    });
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'rsa' }));
  const claims = Buffer.from(JSON.stringify(claimsWith({})));
  const bytes = (...parts: (Buffer | string)[]) =>
    Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
  // A leading byte order mark is dropped; malformed UTF-8 is refused, not read as U+FFFD.
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  assert.deepEqual(await outcome(rsa.signBytesRs256(bytes(bom, header), claims)), { ok: true });
  const badHeader = bytes('{"alg":"RS256","kid":"rsa","x":"', Buffer.from([0xff]), '"}');
  assert.deepEqual(await outcome(rsa.signBytesRs256(badHeader, claims)), {
    ok: false,
    reason: 'malformed',
    detail: 'JWS Protected Header is invalid',
  });
  const badClaims = bytes(claims.subarray(0, -1), ',"x":"', Buffer.from([0xc3]), '"}');
  assert.deepEqual(await outcome(rsa.signBytesRs256(header, badClaims)), {
    ok: false,
    reason: 'malformed',
    detail: 'JWT Claims Set must be a top-level JSON object',
  });
  const payload = claims.toString('base64url');
  const dangling = `${payload}${'A'.repeat((5 - (payload.length % 4)) % 4)}`; // length 4n + 1
  assert.deepEqual(await outcome(rsa.signBytesRs256(header, dangling)), {
    ok: false,
    reason: 'malformed',
    detail: 'Failed to base64url decode the payload',
  });
});

test('a token failing several claim rules gets the reason jose gives it', async () => {
  const rsa = await signer('rsa', { modulusLength: 2048 }, 'rsa');
  jwks.keys = [rsa.jwk];
  const nowSec = Math.floor(Date.now() / 1000);
  const claims = (extra: Record<string, unknown>) => rsa.sign('RS256', {}, extra);
  assert.deepEqual(await outcome(await claims({ iss: 'https://other.example', exp: 'soon' })), {
    ok: false,
    reason: 'wrong_issuer',
  });
  assert.deepEqual(await outcome(await claims({ nbf: nowSec + 600, exp: 'soon' })), {
    ok: false,
    reason: 'not_yet_valid',
  });
  assert.deepEqual(await outcome(await claims({ exp: undefined, nbf: 'now' })), {
    ok: false,
    reason: 'invalid_claims',
    detail: 'missing required "exp" claim',
  });
  assert.deepEqual(await outcome(await claims({ iss: undefined, exp: nowSec - 600 })), {
    ok: false,
    reason: 'wrong_issuer',
  });
});
