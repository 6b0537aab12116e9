import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AuthInfo, credentialOf } from 'lambda-mcp';
import type { Exchange } from 'lambda-mcp/http';
import { isAnonymousCaller } from './anonymous-caller.ts';
import { isLoopback, tasksAccess } from './tasks-access.ts';

const db = {
  get: async () => {
    throw new Error('not opened: deciding access needs no database');
  },
};
const exchange = (fields: Partial<Exchange>): Exchange => ({
  method: 'POST',
  path: '/mcp',
  headers: {},
  body: '',
  platform: { kind: 'other', name: 'test', request: undefined },
  ...fields,
});

test('requires keys with TASKS_API_KEYS=required or a non-loopback host; open on loopback otherwise', () => {
  assert.equal(tasksAccess({}, { db, host: '127.0.0.1' }).keysRequired, false);
  assert.equal(tasksAccess({ TASKS_API_KEYS: '' }, { db, host: '::1' }).keysRequired, false);
  assert.equal(tasksAccess({ TASKS_API_KEYS: 'required' }, { db, host: '127.0.0.1' }).keysRequired, true);
  assert.equal(tasksAccess({}, { db, host: '0.0.0.0' }).keysRequired, true);
  assert.equal(tasksAccess({}, { db }).keysRequired, false, 'Lambda: no host, the authorizer decides');
  assert.throws(() => tasksAccess({ TASKS_API_KEYS: 'yes' }, { db }), {
    message:
      'TASKS_API_KEYS=yes is not a setting: use TASKS_API_KEYS=required to require API keys, or leave it unset (open on loopback).',
  });
});

test('loopback is 127.0.0.0/8, ::1 and localhost only', () => {
  assert.deepEqual(
    [
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '[::1]',
      'localhost',
      '0.0.0.0',
      '::',
      '10.0.0.1',
      '127.0.0.1.evil',
    ].map(isLoopback),
    [true, true, true, true, true, false, false, false, false],
  );
});

test("without keys, an authorizer's identity keeps the caller's x-api-key for credentialOf, out of JSON; no identity is the anonymous caller", () => {
  const { auth } = tasksAccess({}, { db }).options;
  const authenticate = (fields: Partial<Exchange>) => auth.authenticate(exchange(fields)) as AuthInfo;
  const key = 'lmcp_0123456789abcdef_secretsecretsecretsecretsecretsecretsecret';
  const authorized = { subject: 'k1', tenant: 'acme', scopes: ['tasks:read'], claims: { key_id: 'k1' } };
  const identity = authenticate({ headers: { 'x-api-key': key }, auth: authorized });
  assert.equal(credentialOf(identity), key);
  assert.equal(JSON.stringify(identity), JSON.stringify(authorized));
  assert.equal(isAnonymousCaller(identity), false);
  const anonymous = authenticate({});
  assert.deepEqual(
    [anonymous.subject, anonymous.scopes, isAnonymousCaller(anonymous)],
    ['anonymous', ['tasks:read', 'tasks:write'], true],
  );
  assert.equal(isAnonymousCaller({ ...anonymous }), true, 'a copy is still the anonymous caller');
  assert.equal(isAnonymousCaller({ subject: 'anonymous', scopes: [], claims: {} }), false);
});
