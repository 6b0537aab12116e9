import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateKey, hashSecret, parseKey, sameHash } from './key-format.ts';

test('a key is prefix, 16 hex id and 43 base64url secret, and parses back', async () => {
  const { key, keyId, hash } = await generateKey('acme');
  assert.match(key, /^acme_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  const parsed = parseKey(key);
  assert.deepEqual(parsed, { prefix: 'acme', keyId, secret: key.slice(22) });
  assert.equal(await hashSecret(keyId, parsed!.secret), hash);
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
