import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateKey, hashSecret, matchesStoredHash, parseKey, sameHash } from './key-format.ts';

test('a key is prefix, 16 hex id and 43 base64url secret, and parses back', async () => {
  const { key, keyId, hash } = await generateKey('acme');
  assert.match(key, /^acme_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  const parsed = parseKey(key);
  assert.deepEqual(parsed, { prefix: 'acme', keyId, secret: key.slice(22) });
  assert.equal(`acme:${await hashSecret(keyId, parsed!.secret)}`, hash);
});

test('the stored hash binds the key to its prefix; a bare digest (stored before) does not', async () => {
  const { key, keyId, hash } = await generateKey('live');
  const secret = key.slice(22);
  const digest = await hashSecret(keyId, secret);
  assert.equal(matchesStoredHash({ prefix: 'live', keyId, secret }, digest, hash), true);
  assert.equal(matchesStoredHash({ prefix: 'test', keyId, secret }, digest, hash), false);
  const wrongSecret = await hashSecret(keyId, 'B'.repeat(43));
  assert.equal(matchesStoredHash({ prefix: 'live', keyId, secret }, wrongSecret, hash), false);
  // A record from before: its digest alone, under any prefix.
  assert.equal(matchesStoredHash({ prefix: 'test', keyId, secret }, digest, digest), true);
  assert.equal(matchesStoredHash({ prefix: 'test', keyId, secret }, wrongSecret, digest), false);
});

test('the hash is hex SHA-256 of "<keyId>.<secret>"', async () => {
  assert.equal(
    await hashSecret('0123456789abcdef', 'A'.repeat(43)),
    '07d8fa66c2333868d64aefa44333c2f8d6a193570acedf14f5f6f275d6888d3a',
  );
});

test('refuses other shapes and prefixes', async () => {
  for (const text of [
    '',
    'lmcp',
    'lmcp_0123_abc',
    `LMCP_0123456789abcdef_${'a'.repeat(43)}`,
    `lmcp_0123456789abcdef_${'a'.repeat(42)}`,
  ]) {
    assert.equal(parseKey(text), undefined, text);
  }
  await assert.rejects(generateKey('Bad-Prefix'), /key prefix must match/);
});

test('sameHash compares whole digests', () => {
  assert.equal(sameHash('ab'.repeat(32), 'ab'.repeat(32)), true);
  assert.equal(sameHash('ab'.repeat(32), `${'ab'.repeat(31)}ac`), false);
  assert.equal(sameHash('ab', 'abab'), false);
  assert.equal(sameHash('', ''), false);
});
