import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryKeyStore } from 'lambda-mcp/auth';
import { KEYS_USAGE, runKeysCommand } from './keys-command.ts';

const run = async (...argv: string[]) => {
  const store = memoryKeyStore();
  const lines: string[] = [];
  const code = await runKeysCommand(argv, store, (line) => lines.push(line));
  return { code, lines, store };
};

test('create stores the key for the tenant with its scopes and prints it once, beside its id', async () => {
  const { code, lines, store } = await run(
    'create',
    '--tenant',
    'acme',
    '--scopes',
    'tasks:read, tasks:write',
  );
  assert.equal(code, 0);
  const [keyId] = (await store.list()).map((record) => record.keyId);
  const record = await store.get(keyId ?? '');
  assert.deepEqual(
    [record?.tenant, record?.name, record?.scopes],
    ['acme', 'cli', ['tasks:read', 'tasks:write']],
  );
  assert.match(
    lines[0] ?? '',
    new RegExp(`^Created key ${keyId} for tenant acme \\(name cli, scopes tasks:read tasks:write, created `),
  );
  assert.match(lines[1] ?? '', new RegExp(`^lmcp_${keyId}_[A-Za-z0-9_-]{43}$`));
  assert.equal(lines[2], 'Shown once: only its hash is stored. Clients send it in the x-api-key header.');
  assert.equal(JSON.stringify(record).includes(lines[1] ?? '?'), false, 'the key itself is not stored');
});

test('reads a trailing comma in --scopes as the end of the list, not as a scope named ""', async () => {
  const { code, store } = await run('create', '--tenant', 'acme', '--scopes', 'tasks:read,');
  assert.equal(code, 0);
  assert.deepEqual(
    (await store.list()).map((record) => record.scopes),
    [['tasks:read']],
  );
});

test('refuses what it cannot run, saying what to pass instead', async () => {
  const refusals: [string[], string][] = [
    [[], 'Name a command.'],
    [['rotate'], 'Unknown command "rotate": use create, list or revoke.'],
    [['create', '--scopes', 'tasks:read'], 'create needs --tenant: the workspace the key acts in.'],
    [
      ['create', '--tenant', 'acme'],
      'create needs --scopes: tasks:read,tasks:write for full access, tasks:read to only read.',
    ],
    [
      ['create', '--tenant', 'acme', '--scopes', 'tasks:admin'],
      'Unknown scope tasks:admin: this server knows tasks:read, tasks:write.',
    ],
    [
      ['create', '--tenant', 'acme', '--scopes', 'tasks:read', '--expires-in-days', '0'],
      '--expires-in-days must be a whole number of days from 1, got "0".',
    ],
    // A stray space (a quoted variable, a pasted name) would make a key for another, empty workspace.
    [
      ['create', '--tenant', ' acme ', '--scopes', 'tasks:read'],
      '--tenant " acme " starts or ends with a space: the key would act in another workspace than "acme". Pass the tenant without them.',
    ],
    [
      ['create', '--tenant', '   ', '--scopes', 'tasks:read'],
      'create needs --tenant: the workspace the key acts in.',
    ],
    [
      ['create', '--tenant', 'acme', '--scopes', ' , '],
      'create needs --scopes: tasks:read,tasks:write for full access, tasks:read to only read.',
    ],
    [['revoke'], 'revoke takes one key id (see list).'],
  ];
  for (const [argv, message] of refusals) {
    await assert.rejects(run(...argv), { name: 'KeysUsageError', message }, argv.join(' '));
  }
  assert.deepEqual(await run('revoke', 'feedfacefeedface').then(({ code, lines }) => ({ code, lines })), {
    code: 1,
    lines: ['No key feedfacefeedface. Run list to see the key ids.'],
  });
});

test('--help prints the usage and what the script adds over lambda-mcp keys, and exits 0', async () => {
  for (const flag of ['--help', '-h', 'help']) {
    const { code, lines, store } = await run(flag);
    assert.equal(code, 0);
    assert.deepEqual(lines, [KEYS_USAGE]);
    assert.deepEqual(await store.list(), []);
  }
  assert.match(
    KEYS_USAGE,
    /What this script adds for the tasks server:\n {2}- create needs --scopes and takes only this server's scopes \(tasks:read, tasks:write\)/,
  );
});
