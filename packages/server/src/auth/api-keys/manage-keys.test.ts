import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authorizerIdentity } from '../../adapters/lambda/index.ts';
import { testExchange } from '../test-exchange.fixture.ts';
import { apiKeyAuth } from './api-key-auth.ts';
import { createApiKeyAuthorizer, type PolicyAuthorizerResult } from './lambda-authorizer.ts';
import { createKey, listKeys } from './manage-keys.ts';
import { memoryKeyStore } from './memory-key-store.ts';

// A key's scopes travel space-separated in its claims and the authorizer context, and the
// Lambda adapter reads that context back splitting on spaces and commas: a "scope" holding
// one of those would be one scope in process and several behind the authorizer.
test('createKey refuses a scope that is not one scope token, and stores nothing', async () => {
  const store = memoryKeyStore();
  for (const scope of [
    'tasks:read tasks:admin',
    'tasks:read,tasks:admin',
    '',
    ' tasks:read',
    'a\tb',
    '[admin]',
    'tâches',
    'say"hi',
  ]) {
    await assert.rejects(createKey(store, { tenant: 'acme', name: 'ci', scopes: ['tasks:read', scope] }), {
      name: 'TypeError',
      message: `API key scope ${JSON.stringify(scope)} is not one scope: a scope is printable ASCII without spaces, quotes, backslashes, commas or brackets (RFC 6749 section 3.3); give several scopes as several entries`,
    });
  }
  assert.deepEqual(await listKeys(store), []);
});

test('the scopes a key grants are the same in process and behind the authorizer', async () => {
  const store = memoryKeyStore();
  const scopes = ['tasks:read', 'https://api.example.com/tasks.write', 'a!#$%&()*+-./:;<=>?@^_`{|}~'];
  const { key } = await createKey(store, { tenant: 'acme', name: 'ci', scopes });
  const inProcess = await apiKeyAuth({ store }).authenticate(testExchange({ 'x-api-key': key }));
  const rest = (await createApiKeyAuthorizer({ store })({
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/POST/mcp',
    headers: { 'x-api-key': key },
  })) as PolicyAuthorizerResult;
  const behind = authorizerIdentity({ principalId: rest.principalId, ...rest.context });
  assert.deepEqual((inProcess as { scopes: string[] }).scopes, scopes);
  assert.deepEqual(behind?.scopes, scopes);
});
