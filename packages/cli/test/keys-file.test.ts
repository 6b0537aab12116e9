import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type ApiKeyRecord, memoryKeyStore, verifyApiKey } from 'lambda-mcp/auth';
import { runBinary } from './run-binary.ts';

const KEY = /^(lmcp_([0-9a-f]{16})_[A-Za-z0-9_-]{43})\n$/;
const dir = mkdtempSync(join(tmpdir(), 'lambda-mcp-keys-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const keysIn = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as ApiKeyRecord[];
const keys = (...args: string[]) => runBinary(['keys', ...args], { cwd: dir });

describe('lambda-mcp keys with a file store', () => {
  test('--help shows every subcommand and store, and exits 0', async () => {
    const run = await keys('--help');

    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: lambda-mcp keys create --tenant <tenant> /);
    assert.match(run.stdout, /\n {7}lambda-mcp keys list /);
    assert.match(run.stdout, /\n {7}lambda-mcp keys revoke <keyId> /);
    assert.match(
      run.stdout,
      /\n {2}file:<path> .+\n {2}dynamodb:<table> .+\n.+\n {2}postgres:\/\/<url> .+\n {2}pglite:<dir> /,
    );
  });

  test('create prints the key once, stores only its hash, and the library verifies it', async () => {
    const run = await keys(
      'create',
      '--store',
      'file:keys.json',
      '--tenant',
      'acme',
      '--scopes',
      'a:read, a:write',
    );

    assert.equal(run.code, 0);
    const [, key, keyId] = KEY.exec(run.stdout) ?? assert.fail(`no key in ${run.stdout}`);
    assert.equal(
      run.stderr,
      `created key ${keyId} for tenant acme (cli, scopes a:read a:write) in file:keys.json. ` +
        'It is shown once: only its hash is stored. Clients send it in the x-api-key header.\n',
    );
    const file = readFileSync(join(dir, 'keys.json'), 'utf8');
    // The secret is everything after the id; base64url may itself contain '_'.
    const secret = key!.split('_').slice(2).join('_');
    assert.ok(!file.includes(secret), 'the secret is not in the file');
    const verified = await verifyApiKey(memoryKeyStore(JSON.parse(file)), key);
    assert.equal(verified.ok, true);
    assert.deepEqual(verified.ok && verified.identity.scopes, ['a:read', 'a:write']);
  });

  test('list prints a table, and --json the keys without hashes', async () => {
    await keys('create', '--store', 'file:list.json', '--tenant', 'acme', '--name', 'ci', '--subject', 'bot');
    await keys('create', '--store', 'file:list.json', '--tenant', 'beta', '--expires-in-days', '30');
    const [first, second] = keysIn('list.json');

    const table = await keys('list', '--store', 'file:list.json');
    const json = await keys('list', '--store', 'file:list.json', '--tenant', 'beta', '--json');

    assert.equal(table.code, 0);
    assert.equal(
      table.stdout,
      'KEY ID            TENANT  NAME  SCOPES  CREATED                   STATUS\n' +
        `${first!.keyId}  acme    ci    -       ${first!.createdAt}  active\n` +
        `${second!.keyId}  beta    cli   -       ${second!.createdAt}  active until ${second!.expiresAt}\n`,
    );
    assert.equal(Date.parse(second!.expiresAt!) - Date.parse(second!.createdAt), 30 * 24 * 60 * 60 * 1000);
    assert.deepEqual(JSON.parse(json.stdout), [
      {
        keyId: second!.keyId,
        tenant: 'beta',
        name: 'cli',
        scopes: [],
        createdAt: second!.createdAt,
        expiresAt: second!.expiresAt,
      },
    ]);
  });

  test('revoke takes the key id or the key itself; the key is refused afterwards', async () => {
    const created = await keys('create', '--store', 'file:revoke.json', '--tenant', 'acme');
    const [, key, keyId] = KEY.exec(created.stdout)!;

    const run = await keys('revoke', key!, '--store', 'file:revoke.json');
    const again = await keys('revoke', keyId!, '--store', 'file:revoke.json', '--json');

    assert.equal(run.stdout, `revoked key ${keyId}: requests with it are refused from now on\n`);
    assert.equal(run.code, 0);
    assert.deepEqual(JSON.parse(again.stdout), { keyId, revoked: true });
    const verified = await verifyApiKey(memoryKeyStore(keysIn('revoke.json')), key);
    assert.deepEqual(verified, { ok: false, reason: 'revoked', keyId });
    const listed = await keys('list', '--store', 'file:revoke.json');
    assert.match(
      listed.stdout,
      new RegExp(`\\n${keyId}  acme .+  revoked ${keysIn('revoke.json')[0]!.revokedAt}\\n$`),
    );
  });

  test('LAMBDA_MCP_KEY_STORE names the store when --store does not', async () => {
    process.env.LAMBDA_MCP_KEY_STORE = 'file:from-env.json';
    try {
      const run = await keys('list');

      assert.equal(run.stderr, 'no keys in file:from-env.json. Make one with lambda-mcp keys create.\n');
      assert.equal(run.stdout, '');
      assert.equal(run.code, 0);
    } finally {
      delete process.env.LAMBDA_MCP_KEY_STORE;
    }
  });

  test('a DynamoDB store without an AWS region says to set one, exit 1', async () => {
    const saved = { ...process.env };
    for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE']) delete process.env[name];
    // No profile file to find a region in, whatever this machine has.
    process.env.AWS_CONFIG_FILE = join(dir, 'no-aws-config');
    try {
      const run = await keys('list', '--store', 'dynamodb:api-keys');

      assert.equal(
        run.stderr,
        'lambda-mcp keys: no AWS region for dynamodb:api-keys: set AWS_REGION, or AWS_PROFILE to a profile with a region.\n',
      );
      assert.equal(run.code, 1);
    } finally {
      process.env = saved;
    }
  });

  test('a pglite: store that names a file, not a data directory, prints one line and exits 1', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'not a database\n');

    const [list, create] = await Promise.all([
      keys('list', '--store', 'pglite:notes.txt'),
      keys('create', '--store', 'pglite:notes.txt', '--tenant', 'acme'),
    ]);

    // PGlite throws a bare { name: 'ErrnoError', errno } there: it was "unexpected error: [object Object]".
    const message =
      'lambda-mcp keys: notes.txt is a file, not a PGlite data directory: name the directory.\n';
    assert.equal(list.stderr, message);
    assert.equal(list.code, 1);
    assert.equal(create.stderr, message);
    assert.equal(create.stdout, '');
    assert.equal(create.code, 1);
  });

  test('a pglite: store naming a folder of other files is refused, and nothing is written into it', async () => {
    // A slip such as pglite:src: PGlite made a whole database cluster among the user's files.
    mkdirSync(join(dir, 'sources'));
    writeFileSync(join(dir, 'sources', 'server.ts'), 'export {};\n');

    const [list, create] = [
      await keys('list', '--store', 'pglite:sources'),
      await keys('create', '--store', 'pglite:sources', '--tenant', 'acme'),
    ];

    assert.equal(
      list.stderr,
      'lambda-mcp keys: no PGlite database in sources: name the data directory, or make one with lambda-mcp keys create.\n',
    );
    assert.equal(list.code, 1);
    assert.equal(
      create.stderr,
      'lambda-mcp keys: sources holds other files and no PGlite database: name a new or empty directory for one.\n',
    );
    assert.equal(create.stdout, '');
    assert.equal(create.code, 1);
    assert.deepEqual(readdirSync(join(dir, 'sources')), ['server.ts']);
  });

  test('revoking an unknown key prints one line and exits 1', async () => {
    await keys('create', '--store', 'file:unknown.json', '--tenant', 'acme');

    const run = await keys('revoke', '0123456789abcdef', '--store', 'file:unknown.json');

    assert.equal(
      run.stderr,
      'lambda-mcp keys: no key 0123456789abcdef in file:unknown.json. Run lambda-mcp keys list to see the key ids.\n',
    );
    assert.equal(run.code, 1);
  });

  test('a file that is not a key file prints one line and exits 1', async () => {
    writeFileSync(join(dir, 'notes.json'), '{"keys":[]}');

    const run = await keys('list', '--store', 'file:notes.json');

    assert.equal(
      run.stderr,
      'lambda-mcp keys: notes.json is not a key file (no JSON array). Name another file.\n',
    );
    assert.equal(run.code, 1);
  });

  test('a key file that cannot be written prints one line, exits 1 and prints no key', async () => {
    writeFileSync(join(dir, 'taken'), 'a file, not a folder\n');

    const run = await keys('create', '--store', 'file:taken/keys.json', '--tenant', 'acme');

    assert.equal(
      run.stderr,
      "lambda-mcp keys: cannot write taken/keys.json (EEXIST: file already exists, mkdir 'taken'). Name a file where one can be written.\n",
    );
    assert.equal(run.stdout, '');
    assert.equal(run.code, 1);
  });

  test('a Postgres URL for a Unix socket (?host=/dir) is a store, not bad usage', async () => {
    const run = await keys('list', '--store', `postgres:///keys?host=${dir}/no-socket`);

    assert.equal(
      run.stderr,
      `lambda-mcp keys: Postgres at postgres:///keys?host=${dir}/no-socket refused: connect ENOENT ${dir}/no-socket/.s.PGSQL.5432\n`,
    );
    assert.equal(run.code, 1);
  });

  test('an array that does not hold key records prints one line and exits 1', async () => {
    writeFileSync(join(dir, 'ids.json'), '[{"keyId":"0123456789abcdef"}, null]');

    const run = await keys('list', '--store', 'file:ids.json');

    assert.equal(
      run.stderr,
      'lambda-mcp keys: ids.json is not a key file (entry 1 is not a key record). Name another file.\n',
    );
    assert.equal(run.code, 1);
  });

  const BAD: { args: string[]; stderr: string }[] = [
    {
      args: [],
      stderr: 'name a subcommand: create, list or revoke. Run lambda-mcp keys --help for its usage.',
    },
    { args: ['rotate'], stderr: 'unknown subcommand "rotate": use create, list or revoke.' },
    {
      args: ['list'],
      stderr:
        'no key store: pass --store (file:PATH, dynamodb:TABLE, postgres://USER@HOST/DB or pglite:DIR) or set LAMBDA_MCP_KEY_STORE',
    },
    {
      args: ['list', '--store', 'mysql://db/keys'],
      stderr:
        '--store "mysql://db/keys" is not a key store. Use file:PATH, dynamodb:TABLE, postgres://USER@HOST/DB or pglite:DIR',
    },
    {
      args: ['list', '--store', 'dynamodb:a b'],
      stderr:
        '--store "dynamodb:a b" is not a DynamoDB table name. Use file:PATH, dynamodb:TABLE, postgres://USER@HOST/DB or pglite:DIR',
    },
    {
      args: ['list', '--store', 'postgres://'],
      stderr:
        '--store "postgres://" is not a Postgres connection URL. Use file:PATH, dynamodb:TABLE, postgres://USER@HOST/DB or pglite:DIR',
    },
    {
      args: ['list', '--store', 'postgres:db.example.com'],
      stderr:
        '--store "postgres:db.example.com" is not a Postgres connection URL. Use file:PATH, dynamodb:TABLE, postgres://USER@HOST/DB or pglite:DIR',
    },
    {
      args: ['list', '--store', 'pglite:'],
      stderr:
        '--store "pglite:" names no directory. Use file:PATH, dynamodb:TABLE, postgres://USER@HOST/DB or pglite:DIR',
    },
    {
      args: ['list', '--store', 'file:'],
      stderr:
        '--store "file:" names no file. Use file:PATH, dynamodb:TABLE, postgres://USER@HOST/DB or pglite:DIR',
    },
    {
      args: ['create', '--store', 'file:bad.json'],
      stderr: 'create needs --tenant: the account or workspace the key acts for, e.g. --tenant acme',
    },
    {
      args: ['create', '--store', 'file:bad.json', '--tenant', 'acme', '--expires-in-days', 'soon'],
      stderr: '--expires-in-days must be a whole number of days from 1, not "soon"',
    },
    {
      args: ['create', '--store', 'file:bad.json', '--tenant'],
      stderr: 'option --tenant needs a value. Run lambda-mcp keys create --help for its options.',
    },
    {
      args: ['list', '--store', 'file:bad.json', '--tenant', ''],
      stderr:
        '--tenant is empty: name the tenant whose keys to list, e.g. --tenant acme, or leave it out for all',
    },
    {
      args: ['revoke', '--store', 'file:bad.json'],
      stderr: 'revoke needs the key id. Run lambda-mcp keys list to see them.',
    },
    {
      args: ['revoke', 'ci-key', '--store', 'file:bad.json'],
      stderr: '"ci-key" is not a key id (16 hex digits). Run lambda-mcp keys list to see them.',
    },
    {
      args: ['revoke', '0123456789abcdef', 'fedcba9876543210', '--store', 'file:bad.json'],
      stderr: 'unexpected argument "fedcba9876543210". Run lambda-mcp keys revoke --help for its usage.',
    },
    {
      args: ['list', '--store', 'file:bad.json', '--scopes', 'a'],
      stderr: '--scopes does not apply to keys list. Run lambda-mcp keys --help for its usage.',
    },
  ];
  for (const { args, stderr } of BAD) {
    test(`lambda-mcp keys ${args.join(' ')} prints one line and exits 2`, async () => {
      const run = await keys(...args);

      assert.equal(run.stderr, `lambda-mcp keys: ${stderr}\n`);
      assert.equal(run.stdout, '');
      assert.equal(run.code, 2);
    });
  }
});
