import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiKeyAuth, memoryKeyStore } from '../auth/index.ts';
import { createServer } from '../server/create-server.ts';
import { corsAllowedHeaders, preflightReply } from './cors.ts';
import { createExchangeHandler } from './handle-exchange.ts';

const ORIGIN = 'https://app.example';

test('the preflight allows Mcp-Param-* headers whose x-mcp-header names use any token character', () => {
  // x-mcp-header values are HTTP tokens (RFC 9110 tchar): underscores and dots are common in them.
  const reply = preflightReply(
    ORIGIN,
    'content-type, mcp-method, Mcp-Param-Tenant_Id, mcp-param-api.version, mcp-param-region',
    [ORIGIN],
  );
  assert.equal(
    reply.headers['access-control-allow-headers'],
    'content-type, accept, authorization, x-api-key, mcp-protocol-version, mcp-method, mcp-name, last-event-id, mcp-param-tenant_id, mcp-param-api.version, mcp-param-region',
  );
});

test('the preflight reflects no requested header that is not an Mcp-Param token', () => {
  const reply = preflightReply(ORIGIN, 'x-evil, mcp-param-, mcp-param-a b, mcp-param-x\r\nset-cookie: a', [
    ORIGIN,
  ]);
  assert.equal(
    reply.headers['access-control-allow-headers'],
    'content-type, accept, authorization, x-api-key, mcp-protocol-version, mcp-method, mcp-name, last-event-id',
  );
});

test('the preflight allows the header the server reads a credential from, so a browser can send it', async () => {
  const server = createServer({ name: 'cors', version: '1.0.0' });
  const handle = createExchangeHandler(server, {
    allowedOrigins: [ORIGIN],
    auth: apiKeyAuth({ store: memoryKeyStore(), header: 'X-MCP-Key' }),
  });
  const reply = await handle({
    method: 'OPTIONS',
    path: '/mcp',
    headers: { origin: ORIGIN, 'access-control-request-headers': 'content-type, x-mcp-key' },
    body: '',
    platform: { kind: 'other', name: 'test', request: undefined },
  });
  assert.equal(reply.status, 204);
  assert.equal(
    reply.headers['access-control-allow-headers'],
    'content-type, accept, authorization, x-api-key, mcp-protocol-version, mcp-method, mcp-name, last-event-id, x-mcp-key',
  );
  // Headers already listed are not repeated; a credentialHeader behind an authorizer is added too.
  assert.equal(
    corsAllowedHeaders(['authorization', 'X-Upstream-Token', undefined, 'x-upstream-token']),
    'content-type, accept, authorization, x-api-key, mcp-protocol-version, mcp-method, mcp-name, last-event-id, x-upstream-token',
  );
});
