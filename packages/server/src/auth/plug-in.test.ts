// The auth objects plug into the HTTP layer as they are: `authenticate` as the
// HttpOptions hook, and the identity reaches the tool as ctx.auth.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createExchangeHandler, type Exchange } from '../http/index.ts';
import { createServer } from '../index.ts';
import { credentialOf } from '../server/credential.ts';
import { mcpRequest } from '../testing/index.ts';
import { apiKeyAuth } from './api-keys/api-key-auth.ts';
import { createKey } from './api-keys/manage-keys.ts';
import { memoryKeyStore } from './api-keys/memory-key-store.ts';

test('apiKeyAuth as HttpOptions.authenticate: 401 without a key, ctx.auth and the credential in the tool with one', async () => {
  const store = memoryKeyStore();
  const { key, info } = await createKey(store, { tenant: 'acme', name: 'ci', scopes: ['tasks:read'] });
  const server = createServer({ name: 'test/auth', version: '0.0.1' }).tool(
    'whoami',
    { description: 'Who is calling.' },
    (_input, ctx) => JSON.stringify({ auth: ctx.auth, forwards: credentialOf(ctx.auth) === key }),
  );
  const auth = apiKeyAuth({ store });
  const handle = createExchangeHandler(server, { authenticate: auth.authenticate });
  const request = mcpRequest('tools/call', { name: 'whoami', arguments: {} });
  const exchange = (headers: Record<string, string>): Exchange => ({
    method: 'POST',
    path: '/mcp',
    headers: { ...request.headers, ...headers },
    body: request.body,
    platform: { kind: 'other', name: 'test', request: undefined },
  });

  const refused = await handle(exchange({}));
  assert.equal(refused.status, 401);
  assert.equal(refused.headers['www-authenticate'], 'ApiKey header="x-api-key"');

  const answered = await handle(exchange({ 'x-api-key': key }));
  assert.equal(answered.status, 200);
  const result = JSON.parse(answered.body as string).result;
  assert.deepEqual(JSON.parse(result.content[0].text), {
    auth: {
      subject: info.keyId,
      tenant: 'acme',
      scopes: ['tasks:read'],
      claims: { sub: info.keyId, tenant: 'acme', key_id: info.keyId, key_name: 'ci', scope: 'tasks:read' },
    },
    forwards: true,
  });
});
