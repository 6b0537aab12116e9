import assert from 'node:assert/strict';
import { test } from 'node:test';
import { preflightReply } from './cors.ts';

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
