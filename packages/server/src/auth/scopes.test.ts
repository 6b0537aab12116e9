import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasScopes, missingScopes } from './scopes.ts';

const auth = { subject: 's', scopes: ['tasks:read', 'tasks:write'], claims: {} };

test('missingScopes names what the caller lacks', () => {
  assert.deepEqual(missingScopes(auth, ['tasks:read', 'tasks:admin']), ['tasks:admin']);
  assert.deepEqual(missingScopes(undefined, ['tasks:read']), ['tasks:read']);
  assert.equal(hasScopes(auth, ['tasks:write']), true);
  assert.equal(hasScopes(auth, []), true);
  assert.equal(hasScopes(undefined, []), true);
});

test('a broader scope implies the narrower ones, transitively', () => {
  const hierarchy = { 'tasks:admin': ['tasks:write'], 'tasks:write': ['tasks:read'] };
  const admin = { subject: 's', scopes: ['tasks:admin'], claims: {} };
  assert.deepEqual(missingScopes(admin, ['tasks:read', 'billing:read'], hierarchy), ['billing:read']);
  assert.deepEqual(missingScopes(admin, ['tasks:read']), ['tasks:read']);
});
