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

test('a scope named like an Object.prototype member is a scope, not a lookup into the prototype', () => {
  const caller = { subject: 's', scopes: ['constructor', '__proto__', 'toString', 'tasks:read'], claims: {} };
  assert.deepEqual(missingScopes(caller, ['tasks:read', 'tasks:write']), ['tasks:write']);
  assert.deepEqual(missingScopes(caller, ['toString'], { 'tasks:read': ['x'] }), []);
  assert.equal(hasScopes(caller, ['__proto__', 'constructor']), true);
});
