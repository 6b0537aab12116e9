import assert from 'node:assert/strict';
import { test } from 'node:test';
import { introspectToken } from './introspect-token.ts';

const NOW = 1_800_000_000_000;

/** Introspects against an endpoint that answers `body` (JSON text) with `status`. */
function introspect(body: string, status = 200) {
  return introspectToken('opaque-token', {
    endpoint: 'https://as.example/introspect',
    clientId: 'rs',
    clientSecret: 'secret',
    audiences: ['https://mcp.example.com/mcp'],
    now: () => NOW,
    fetch: async () => new Response(body, { status, headers: { 'content-type': 'application/json' } }),
  });
}

const active = { active: true, sub: 'u', aud: 'https://mcp.example.com/mcp', exp: NOW / 1000 + 60 };

test('an answer that is not a JSON object is the authorization server failing, not an exception', async () => {
  for (const body of ['null', '[]', '"active"', '7', 'not json'])
    assert.deepEqual(
      { ...(await introspect(body)), detail: undefined },
      { ok: false, reason: 'unavailable', detail: undefined },
      body,
    );
  assert.deepEqual(await introspect('null'), {
    ok: false,
    reason: 'unavailable',
    detail: 'introspection answered no JSON object',
  });
  assert.deepEqual(await introspect('{}', 500), {
    ok: false,
    reason: 'unavailable',
    detail: 'introspection HTTP 500',
  });
});

test('only active: true (the boolean) is active; exp, when given, must be in the future', async () => {
  assert.deepEqual(await introspect(JSON.stringify({ ...active, active: 'true' })), {
    ok: false,
    reason: 'inactive',
  });
  assert.deepEqual(await introspect(JSON.stringify({ ...active, active: 1 })), {
    ok: false,
    reason: 'inactive',
  });
  assert.deepEqual(await introspect(JSON.stringify({ ...active, exp: NOW / 1000 })), {
    ok: false,
    reason: 'expired',
  });
  assert.deepEqual(await introspect(JSON.stringify({ ...active, aud: ['https://other.example'] })), {
    ok: false,
    reason: 'wrong_audience',
  });
  // RFC 7662 makes exp optional: the authorization server said the token is active now.
  const { exp: _exp, ...noExp } = active;
  assert.deepEqual(await introspect(JSON.stringify(noExp)), { ok: true, claims: noExp });
  assert.deepEqual(await introspect(JSON.stringify(active)), { ok: true, claims: active });
});
