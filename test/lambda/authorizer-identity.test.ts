import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { authorizerIdentity, createHandler } from 'lambda-mcp/lambda';
import { buildEvent, lambdaContext, type Source } from './lambda-fetch.ts';
import { createLambdaTestServer } from './lambda-test-server.ts';

async function whoami(source: Source, authorizer: Record<string, unknown>): Promise<unknown> {
  const handler = createHandler(createLambdaTestServer().server, { metrics: false });
  const event = buildEvent(source, {
    method: 'POST',
    path: '/mcp',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'whoami' } }),
  });
  event.requestContext.authorizer = authorizer;
  const result = await handler(event, lambdaContext());
  return JSON.parse(JSON.parse(result.body).result.content[0].text);
}

describe('API Gateway authorizer identity reaches ctx.auth', () => {
  test('REST API Lambda authorizer: principalId and context', async () => {
    const auth = await whoami('rest-api', {
      principalId: 'user-42',
      tenantId: 'acme',
      scope: 'tasks:read tasks:write',
      integrationLatency: 12,
    });
    assert.deepEqual(auth, {
      subject: 'user-42',
      tenant: 'acme',
      scopes: ['tasks:read', 'tasks:write'],
      claims: { tenantId: 'acme', scope: 'tasks:read tasks:write' },
    });
  });

  test('REST API Cognito authorizer: claims with custom:tenant', async () => {
    const claims = { sub: 'c0ffee', 'cognito:username': 'ana', 'custom:tenant': 'globex', scope: 'openid' };
    assert.deepEqual(await whoami('rest-api-custom-domain', { claims }), {
      subject: 'c0ffee',
      tenant: 'globex',
      scopes: ['openid'],
      claims,
    });
  });

  test('HTTP API JWT authorizer: claims and scopes', async () => {
    const jwt = { claims: { sub: 'auth0|7', tenant: 'initech', scp: ['a', 'b'] }, scopes: ['mcp:call'] };
    assert.deepEqual(await whoami('http-api', { jwt }), {
      subject: 'auth0|7',
      tenant: 'initech',
      scopes: ['mcp:call'],
      claims: jwt.claims,
    });
  });

  test('HTTP API Lambda authorizer: the lambda context', async () => {
    const lambda = { principalId: 'svc-1', scp: 'x y' };
    assert.deepEqual(await whoami('http-api', { lambda }), {
      subject: 'svc-1',
      scopes: ['x', 'y'],
      claims: lambda,
    });
  });

  test('no authorizer, or one without a subject, leaves ctx.auth undefined', async () => {
    assert.equal(await whoami('function-url', {}), null);
    assert.equal(authorizerIdentity({ lambda: { role: 'none' } }), undefined);
    assert.equal(authorizerIdentity(null), undefined);
  });
});
