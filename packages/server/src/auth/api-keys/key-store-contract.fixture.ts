// Test support (not shipped): the behaviour every KeyStore must have, run against each store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KeyStore } from './key-store.ts';
import { createKey, listKeys, revokeKey } from './manage-keys.ts';
import { verifyApiKey } from './verify-api-key.ts';

export function keyStoreContract(name: string, open: () => Promise<KeyStore>): void {
  const clock = (iso: string) => () => Date.parse(iso);

  test(`${name}: a created key verifies, and its record holds only a hash`, async () => {
    const store = await open();
    const { key, info } = await createKey(store, {
      tenant: 'acme',
      name: 'ci',
      scopes: ['tasks:read', 'tasks:write'],
      subject: 'user-7',
      now: clock('2026-01-01T00:00:00.000Z'),
    });
    assert.match(key, /^lmcp_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const stored = await store.get(info.keyId);
    assert.match(stored?.hash ?? '', /^lmcp:[0-9a-f]{64}$/);
    assert.equal(JSON.stringify(stored).includes(key.slice(22)), false);
    const result = await verifyApiKey(store, key, { now: clock('2026-01-02T00:00:00.000Z') });
    assert.equal(result.ok, true);
    assert.deepEqual(result.ok && { ...result.identity }, {
      subject: 'user-7',
      tenant: 'acme',
      scopes: ['tasks:read', 'tasks:write'],
      claims: {
        sub: 'user-7',
        tenant: 'acme',
        key_id: info.keyId,
        key_name: 'ci',
        scope: 'tasks:read tasks:write',
      },
    });
    assert.equal((await store.get(info.keyId))?.lastUsedAt, '2026-01-02T00:00:00.000Z');
  });

  test(`${name}: lists keys without hashes, by tenant, in creation order`, async () => {
    const store = await open();
    const a = await createKey(store, {
      tenant: 't-list-1',
      name: 'a',
      now: clock('2026-02-01T00:00:00.000Z'),
    });
    const b = await createKey(store, {
      tenant: 't-list-1',
      name: 'b',
      scopes: ['x'],
      expiresAt: new Date('2027-01-01T00:00:00.000Z'),
      now: clock('2026-02-02T00:00:00.000Z'),
    });
    await createKey(store, { tenant: 't-list-2', name: 'c' });
    assert.deepEqual(await listKeys(store, { tenant: 't-list-1' }), [
      {
        keyId: a.info.keyId,
        tenant: 't-list-1',
        name: 'a',
        scopes: [],
        createdAt: '2026-02-01T00:00:00.000Z',
      },
      {
        keyId: b.info.keyId,
        tenant: 't-list-1',
        name: 'b',
        scopes: ['x'],
        createdAt: '2026-02-02T00:00:00.000Z',
        expiresAt: '2027-01-01T00:00:00.000Z',
      },
    ]);
  });

  test(`${name}: a revoked key stops at once; revoking an unknown key answers false`, async () => {
    const store = await open();
    const { key, info } = await createKey(store, { tenant: 'acme', name: 'old' });
    assert.equal(await revokeKey(store, info.keyId, clock('2026-03-01T00:00:00.000Z')), true);
    assert.equal(await revokeKey(store, info.keyId, clock('2026-03-02T00:00:00.000Z')), true);
    assert.equal((await store.get(info.keyId))?.revokedAt, '2026-03-01T00:00:00.000Z');
    assert.deepEqual(await verifyApiKey(store, key), { ok: false, reason: 'revoked', keyId: info.keyId });
    assert.equal(await revokeKey(store, '0000000000000000'), false);
  });

  test(`${name}: expired, unknown, wrong-secret and malformed keys are refused with their reason`, async () => {
    const store = await open();
    const { key, info } = await createKey(store, {
      tenant: 'acme',
      name: 'short',
      expiresInMs: 60_000,
      now: clock('2026-04-01T00:00:00.000Z'),
    });
    assert.deepEqual(await verifyApiKey(store, key, { now: clock('2026-04-01T00:01:00.000Z') }), {
      ok: false,
      reason: 'expired',
      keyId: info.keyId,
    });
    assert.equal((await verifyApiKey(store, key, { now: clock('2026-04-01T00:00:59.000Z') })).ok, true);
    const wrongSecret =
      `${key.slice(0, -4)}AAAA` === key ? `${key.slice(0, -4)}BBBB` : `${key.slice(0, -4)}AAAA`;
    assert.deepEqual(await verifyApiKey(store, wrongSecret), {
      ok: false,
      reason: 'unknown',
      keyId: info.keyId,
    });
    const unknown = `lmcp_ffffffffffffffff_${key.slice(-43)}`;
    assert.deepEqual(await verifyApiKey(store, unknown), {
      ok: false,
      reason: 'unknown',
      keyId: 'ffffffffffffffff',
    });
    assert.deepEqual(await verifyApiKey(store, 'not-a-key'), { ok: false, reason: 'malformed' });
    assert.deepEqual(await verifyApiKey(store, undefined), { ok: false, reason: 'malformed' });
  });

  test(`${name}: inserting an existing key id is refused`, async () => {
    const store = await open();
    const { info } = await createKey(store, { tenant: 'acme', name: 'dup' });
    const record = (await store.get(info.keyId))!;
    await assert.rejects(store.insert(record));
  });
}
