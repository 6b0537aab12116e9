import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createKey } from './manage-keys.ts';
import { memoryKeyStore } from './memory-key-store.ts';
import { verifyApiKey } from './verify-api-key.ts';

const at = (iso: string) => () => Date.parse(iso);

test('a key expires at the exact instant of expiresAt, not a millisecond later', async () => {
  const store = memoryKeyStore();
  const { key, info } = await createKey(store, {
    tenant: 'acme',
    name: 'short',
    expiresAt: new Date('2026-05-01T00:00:00.000Z'),
  });
  assert.equal((await verifyApiKey(store, key, { now: at('2026-04-30T23:59:59.999Z') })).ok, true);
  assert.deepEqual(await verifyApiKey(store, key, { now: at('2026-05-01T00:00:00.000Z') }), {
    ok: false,
    reason: 'expired',
    keyId: info.keyId,
  });
});

test('an expiresAt that is not a date (a hand-edited row) refuses the key instead of never expiring', async () => {
  const store = memoryKeyStore();
  const { key, info } = await createKey(store, { tenant: 'acme', name: 'edited' });
  const record = (await store.get(info.keyId))!;
  for (const expiresAt of ['next week', '', '2026-13-45T00:00:00Z']) {
    const edited = memoryKeyStore([{ ...record, expiresAt }]);
    assert.deepEqual(
      await verifyApiKey(edited, key, { now: at('2026-01-01T00:00:00.000Z') }),
      { ok: false, reason: 'expired', keyId: info.keyId },
      expiresAt,
    );
  }
});

test('a revoked key is refused from its revocation on, whatever its expiry', async () => {
  const store = memoryKeyStore();
  const { key, info } = await createKey(store, {
    tenant: 'acme',
    name: 'gone',
    expiresAt: new Date('2030-01-01T00:00:00.000Z'),
  });
  await store.revoke(info.keyId, '2026-01-01T00:00:00.000Z');
  assert.deepEqual(await verifyApiKey(store, key, { now: at('2026-01-01T00:00:00.000Z') }), {
    ok: false,
    reason: 'revoked',
    keyId: info.keyId,
  });
});

test('a key works only under its own prefix: live_… presented as test_… is unknown', async () => {
  const store = memoryKeyStore();
  const { key, info } = await createKey(store, { tenant: 'acme', name: 'prod', prefix: 'live' });
  assert.equal((await verifyApiKey(store, key)).ok, true);
  assert.deepEqual(await verifyApiKey(store, key.replace(/^live_/, 'test_')), {
    ok: false,
    reason: 'unknown',
    keyId: info.keyId,
  });
});
