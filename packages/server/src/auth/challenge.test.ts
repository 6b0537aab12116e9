import assert from 'node:assert/strict';
import { validateHeaderValue } from 'node:http';
import { test } from 'node:test';
import { challengeHeader, insufficientScopeReply } from './challenge.ts';

test('challenge parameters keep their quoted strings closed and the header sendable', () => {
  const value = challengeHeader({
    scheme: 'Bearer',
    resourceMetadata: 'https://mcp.example.com/.well-known/oauth-protected-resource',
    scope: 'tasks:read "x"\\ tasks:write\r\nx-evil: 1\t\u007f €ü',
    error: 'insufficient_scope',
  });
  assert.equal(
    value,
    'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource", scope="tasks:read x tasks:writex-evil: 1 ü", error="insufficient_scope"',
  );
  assert.doesNotThrow(() => validateHeaderValue('www-authenticate', value));
});

test('a 403 for a scope name configured with a newline is still a header Node sends', () => {
  const reply = insufficientScopeReply(['tasks:write\n']);
  assert.equal(reply.status, 403);
  assert.doesNotThrow(() => validateHeaderValue('www-authenticate', reply.headers['www-authenticate']!));
});
