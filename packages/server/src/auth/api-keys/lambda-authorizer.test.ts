import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authorizerIdentity } from '../../adapters/lambda/index.ts';
import { testExchange } from '../test-exchange.fixture.ts';
import { apiKeyAuth } from './api-key-auth.ts';
import { createApiKeyAuthorizer, type PolicyAuthorizerResult, wholeApi } from './lambda-authorizer.ts';
import { createKey, revokeKey } from './manage-keys.ts';
import { memoryKeyStore } from './memory-key-store.ts';

// The REQUEST authorizer inputs of the AWS documentation ("Input to an API Gateway Lambda
// authorizer", REST; "Working with AWS Lambda authorizers for HTTP APIs", payload 2.0).
function restEvent(headers: Record<string, string>) {
  return {
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request',
    resource: '/request',
    path: '/request',
    httpMethod: 'GET',
    headers: { 'X-AMZ-Date': '20170718T062915Z', Accept: '*/*', ...headers },
    queryStringParameters: { QueryString1: 'queryValue1' },
    pathParameters: {},
    stageVariables: { StageVar1: 'stageValue1' },
    requestContext: {
      path: '/request',
      accountId: '123456789012',
      resourceId: '05c7jb',
      stage: 'test',
      requestId: '...',
      identity: { apiKey: '...', sourceIp: '...' },
      resourcePath: '/request',
      httpMethod: 'GET',
      apiId: 'abcdef123',
    },
  };
}

function httpApiEvent(headers: Record<string, string>) {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request',
    identitySource: Object.values(headers),
    routeKey: '$default',
    rawPath: '/my/path',
    rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
    cookies: ['cookie1', 'cookie2'],
    headers: { header1: 'value1', header2: 'value2', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-id',
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'id',
      http: { method: 'POST', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: 'IP', userAgent: 'agent' },
      requestId: 'id',
      routeKey: '$default',
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    },
    pathParameters: { parameter1: 'value1' },
    stageVariables: { stageVariable1: 'value1' },
  };
}

async function setup() {
  const store = memoryKeyStore();
  const { key, info } = await createKey(store, {
    tenant: 'acme',
    name: 'ci',
    scopes: ['tasks:read', 'tasks:write'],
    subject: 'user-7',
  });
  return { store, key, keyId: info.keyId };
}

test('REST: a valid key gets an Allow on the whole API with string context', async () => {
  const { store, key, keyId } = await setup();
  const authorize = createApiKeyAuthorizer({ store });
  assert.deepEqual(await authorize(restEvent({ 'X-Api-Key': key })), {
    principalId: 'user-7',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:Invoke',
          Effect: 'Allow',
          Resource: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/*',
        },
      ],
    },
    context: {
      sub: 'user-7',
      tenant: 'acme',
      key_id: keyId,
      key_name: 'ci',
      scope: 'tasks:read tasks:write',
    },
  });
});

test('REST: policyResource "method" limits the policy to the methodArn', async () => {
  const { store, key } = await setup();
  const result = (await createApiKeyAuthorizer({ store, policyResource: 'method' })(
    restEvent({ 'x-api-key': key }),
  )) as PolicyAuthorizerResult;
  assert.equal(
    result.policyDocument.Statement[0]?.Resource,
    'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request',
  );
});

test('REST: revoked, expired and unknown keys get a Deny without context', async () => {
  const { store, key, keyId } = await setup();
  const now = Date.now();
  const expired = await createKey(store, { tenant: 'acme', name: 'old', expiresAt: new Date(now - 1000) });
  const reasons: string[] = [];
  const authorize = createApiKeyAuthorizer({ store, onReject: (reason) => reasons.push(reason) });
  await revokeKey(store, keyId);
  const deny = {
    principalId: 'anonymous',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:Invoke',
          Effect: 'Deny',
          Resource: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/*',
        },
      ],
    },
  };
  assert.deepEqual(await authorize(restEvent({ 'x-api-key': key })), deny);
  assert.deepEqual(await authorize(restEvent({ 'x-api-key': expired.key })), deny);
  assert.deepEqual(
    await authorize(restEvent({ 'x-api-key': `lmcp_0123456789abcdef_${'a'.repeat(43)}` })),
    deny,
  );
  assert.deepEqual(reasons, ['revoked', 'expired', 'unknown']);
});

test('REST: a request without a key is refused with the Unauthorized error (API Gateway 401)', async () => {
  const { store } = await setup();
  await assert.rejects(createApiKeyAuthorizer({ store })(restEvent({})), { message: 'Unauthorized' });
});

test('HTTP API 2.0: simple responses, with the key read from Authorization: Bearer', async () => {
  const { store, key, keyId } = await setup();
  const authorize = createApiKeyAuthorizer({ store, header: 'authorization' });
  assert.deepEqual(await authorize(httpApiEvent({ authorization: `Bearer ${key}` })), {
    isAuthorized: true,
    context: {
      sub: 'user-7',
      tenant: 'acme',
      key_id: keyId,
      key_name: 'ci',
      scope: 'tasks:read tasks:write',
    },
  });
  assert.deepEqual(await authorize(httpApiEvent({ authorization: 'Bearer lmcp_nope' })), {
    isAuthorized: false,
  });
  assert.deepEqual(await authorize(httpApiEvent({})), { isAuthorized: false });
  await revokeKey(store, keyId);
  assert.deepEqual(await authorize(httpApiEvent({ authorization: `Bearer ${key}` })), {
    isAuthorized: false,
  });
});

test('the authorizer context reads back through authorizerIdentity as the in-process identity', async () => {
  const { store, key } = await setup();
  const inProcess = await apiKeyAuth({ store }).authenticate(testExchange({ 'x-api-key': key }));
  const rest = (await createApiKeyAuthorizer({ store })(
    restEvent({ 'x-api-key': key }),
  )) as PolicyAuthorizerResult;
  // What API Gateway puts in requestContext.authorizer for the integration.
  const restAuthorizer = { principalId: rest.principalId, integrationLatency: 12, ...rest.context };
  assert.deepEqual(authorizerIdentity(restAuthorizer), { ...inProcess });
  const http = await createApiKeyAuthorizer({ store })(httpApiEvent({ 'x-api-key': key }));
  assert.deepEqual(authorizerIdentity({ lambda: (http as { context: object }).context }), { ...inProcess });
});

test('wholeApi keeps region, account and API id', () => {
  assert.equal(
    wholeApi('arn:aws:execute-api:eu-west-1:111122223333:a1b2c3/prod/POST/mcp'),
    'arn:aws:execute-api:eu-west-1:111122223333:a1b2c3/*',
  );
});

test('HTTP API payload 1.0 gets an IAM policy, as REST does', async () => {
  const { store, key } = await setup();
  const event = { ...restEvent({ 'x-api-key': key }), version: '1.0' };
  const result = (await createApiKeyAuthorizer({ store })(event)) as PolicyAuthorizerResult;
  assert.equal(result.policyDocument.Statement[0]?.Effect, 'Allow');
  assert.equal(result.principalId, 'user-7');
});

test('REST: a failing lastUsedAt write still answers the Allow (not an authorizer error, a 500)', async () => {
  const { store, key } = await setup();
  const authorize = createApiKeyAuthorizer({
    store: {
      ...store,
      touch: async () => {
        throw new Error('connect ETIMEDOUT');
      },
    },
  });
  const result = (await authorize(restEvent({ 'x-api-key': key }))) as PolicyAuthorizerResult;
  assert.equal(result.principalId, 'user-7');
  assert.deepEqual(result.policyDocument.Statement, [
    {
      Action: 'execute-api:Invoke',
      Effect: 'Allow',
      Resource: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/*',
    },
  ]);
});

test('a store that fails the read: the authorizer throws (API Gateway 500, nothing cached) and onReject sees why', async () => {
  const { store, key, keyId } = await setup();
  const outage = new Error('ProvisionedThroughputExceededException');
  const seen: unknown[][] = [];
  const authorize = createApiKeyAuthorizer({
    store: {
      ...store,
      get: async () => {
        throw outage;
      },
    },
    onReject: (...args) => seen.push(args),
  });
  await assert.rejects(authorize(restEvent({ 'x-api-key': key })), outage);
  await assert.rejects(authorize(httpApiEvent({ 'x-api-key': key })), outage);
  assert.deepEqual(seen, [
    ['unavailable', keyId, outage],
    ['unavailable', keyId, outage],
  ]);
});
