import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import type { Reply } from '../../http/index.ts';
import type { AuthInfo } from '../../index.ts';
import { credentialOf } from '../../server/credential.ts';
import { testExchange } from '../test-exchange.fixture.ts';
import { apiKeyAuth } from './api-key-auth.ts';
import { createKey, revokeKey } from './manage-keys.ts';
import { memoryKeyStore } from './memory-key-store.ts';

const body = (reply: AuthInfo | Reply) => JSON.parse((reply as Reply).body as string);

test('answers the identity of a valid key read from x-api-key', async () => {
  const store = memoryKeyStore();
  const { key, info } = await createKey(store, { tenant: 'acme', name: 'ci', scopes: ['tasks:read'] });
  const auth = apiKeyAuth({ store });
  const identity = (await auth.authenticate(testExchange({ 'x-api-key': key }))) as AuthInfo;
  assert.deepEqual(
    { ...identity },
    {
      subject: info.keyId,
      tenant: 'acme',
      scopes: ['tasks:read'],
      claims: { sub: info.keyId, tenant: 'acme', key_id: info.keyId, key_name: 'ci', scope: 'tasks:read' },
    },
  );
  assert.deepEqual(auth.describe, { scheme: 'apiKey', header: 'x-api-key' });
});

test('keeps the presented key readable by the tool but out of JSON, inspect, spread and claims', async () => {
  const store = memoryKeyStore();
  const { key } = await createKey(store, { tenant: 'acme', name: 'ci' });
  const identity = (await apiKeyAuth({ store }).authenticate(testExchange({ 'x-api-key': key }))) as AuthInfo;
  assert.equal(credentialOf(identity), key);
  assert.equal(JSON.stringify(identity).includes(key), false);
  assert.equal(inspect(identity, { depth: 5 }).includes(key), false);
  assert.equal(credentialOf({ ...identity }), undefined);
  assert.equal(Object.values(identity.claims).includes(key), false);
});

test('answers 401 with WWW-Authenticate and a JSON-RPC error when the key is missing', async () => {
  const reply = (await apiKeyAuth({ store: memoryKeyStore() }).authenticate(testExchange())) as Reply;
  assert.deepEqual(reply, {
    status: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': 'ApiKey header="x-api-key"' },
    body: '{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Unauthorized: send an API key"}}',
  });
});

test('answers 401 invalid_token with the reason for unknown, revoked and malformed keys', async () => {
  const store = memoryKeyStore();
  const rejected: string[] = [];
  const auth = apiKeyAuth({ store, onReject: (reason) => rejected.push(reason) });
  const { key, info } = await createKey(store, { tenant: 'acme', name: 'ci' });
  await revokeKey(store, info.keyId);
  const revoked = (await auth.authenticate(testExchange({ 'x-api-key': key }))) as Reply;
  assert.equal(revoked.status, 401);
  assert.equal(
    revoked.headers['www-authenticate'],
    'ApiKey header="x-api-key", error="invalid_token", error_description="the API key was revoked"',
  );
  assert.deepEqual(body(revoked).error, {
    code: -32001,
    message: 'Unauthorized: the API key was revoked',
    data: { error: 'invalid_token' },
  });
  const unknown = (await auth.authenticate(
    testExchange({ 'x-api-key': `lmcp_0123456789abcdef_${'a'.repeat(43)}` }),
  )) as Reply;
  assert.equal(body(unknown).error.message, 'Unauthorized: the API key is not valid');
  const malformed = (await auth.authenticate(testExchange({ 'x-api-key': 'hello' }))) as Reply;
  assert.equal(body(malformed).error.message, 'Unauthorized: the API key is malformed');
  assert.deepEqual(rejected, ['revoked', 'unknown', 'malformed']);
});

test('reads Authorization: Bearer when configured, and challenges with Bearer', async () => {
  const store = memoryKeyStore();
  const { key } = await createKey(store, { tenant: 'acme', name: 'ci' });
  const auth = apiKeyAuth({ store, header: 'authorization' });
  const identity = (await auth.authenticate(testExchange({ authorization: `Bearer ${key}` }))) as AuthInfo;
  assert.equal(identity.tenant, 'acme');
  const missing = (await auth.authenticate(testExchange({ 'x-api-key': key }))) as Reply;
  assert.equal(missing.headers['www-authenticate'], 'Bearer');
  assert.deepEqual(auth.describe, { scheme: 'bearer', header: 'authorization' });
});

test('answers 403 insufficient_scope naming the scope', () => {
  const reply = apiKeyAuth({ store: memoryKeyStore() }).forbidden(['tasks:write']);
  assert.deepEqual(reply, {
    status: 403,
    headers: {
      'content-type': 'application/json',
      'www-authenticate':
        'ApiKey scope="tasks:write", error="insufficient_scope", error_description="This needs the scope tasks:write"',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32003,
        message: 'Forbidden: this needs the scope "tasks:write"',
        data: { scope: 'tasks:write', error: 'insufficient_scope' },
      },
    }),
  });
});

test('a failing lastUsedAt write (throttled store) neither refuses nor fails the request', async () => {
  const store = memoryKeyStore();
  const { key, info } = await createKey(store, { tenant: 'acme', name: 'ci' });
  const throttled = new Error('Rate of requests exceeds the allowed throughput.');
  const failures: [unknown, string][] = [];
  const auth = apiKeyAuth({
    store: {
      ...store,
      touch: async () => {
        throw throttled;
      },
    },
    onTouchError: (error, keyId) => failures.push([error, keyId]),
  });
  const identity = (await auth.authenticate(testExchange({ 'x-api-key': key }))) as AuthInfo;
  assert.equal(identity.subject, info.keyId);
  assert.deepEqual(failures, [[throttled, info.keyId]]);
});

test('a store that fails the key read (throttled, unreachable) answers 503 with Retry-After, not a 500', async () => {
  const store = memoryKeyStore();
  const { key, info } = await createKey(store, { tenant: 'acme', name: 'ci' });
  const throttled = new Error('Rate of requests exceeds the allowed throughput.');
  const rejected: unknown[][] = [];
  const auth = apiKeyAuth({
    store: {
      ...store,
      get: async () => {
        throw throttled;
      },
    },
    onReject: (reason, keyId, _exchange, error) => rejected.push([reason, keyId, error]),
  });
  assert.deepEqual(await auth.authenticate(testExchange({ 'x-api-key': key })), {
    status: 503,
    headers: { 'content-type': 'application/json', 'retry-after': '5' },
    body: '{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"The API key store could not be reached; try again shortly"}}',
  });
  assert.deepEqual(rejected, [['unavailable', info.keyId, throttled]]);
});
