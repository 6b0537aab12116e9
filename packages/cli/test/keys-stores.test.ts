/**
 * `lambda-mcp keys` against the real stores a deployment uses: DynamoDB (DynamoDB Local on
 * loopback, reached through the SDK's own AWS_ENDPOINT_URL_DYNAMODB), Postgres (a throwaway
 * server) and PGlite (a local server's data directory). What the binary writes is read back
 * by lambda-mcp/auth's stores.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { PGlite } from '@electric-sql/pglite';
import {
  dynamoKeyStore,
  type KeyStore,
  keyTableDefinition,
  postgresKeyStore,
  verifyApiKey,
} from 'lambda-mcp/auth';
import pg from 'pg';
import { type PostgresCluster, startPostgresCluster } from '../../../examples/tasks/test/postgres-cluster.ts';
import {
  type DynamoDbLocal,
  freePort,
  startDynamoDbLocal,
} from '../../server/src/limits/dynamodb-local.fixture.ts';
import { runBinary } from './run-binary.ts';

const KEY = /^(lmcp_([0-9a-f]{16})_[A-Za-z0-9_-]{43})\n$/;
const keys = (...args: string[]) => runBinary(['keys', ...args]);

/** create, list, revoke through the binary; the library verifies the key before and after. */
async function roundTrip(store: string, library: KeyStore): Promise<void> {
  const created = await keys('create', '--store', store, '--tenant', 'acme', '--scopes', 'tasks:read');
  assert.equal(created.code, 0, created.stderr);
  const [, key, keyId] = KEY.exec(created.stdout) ?? assert.fail(`no key in ${created.stdout}`);
  const accepted = await verifyApiKey(library, key);
  assert.equal(accepted.ok && accepted.identity.tenant, 'acme');

  const listed = await keys('list', '--store', store, '--json');
  assert.deepEqual(
    (JSON.parse(listed.stdout) as { keyId: string; scopes: string[] }[]).map(({ keyId, scopes }) => ({
      keyId,
      scopes,
    })),
    [{ keyId, scopes: ['tasks:read'] }],
  );

  const revoked = await keys('revoke', keyId!, '--store', store);
  assert.equal(revoked.stdout, `revoked key ${keyId}: requests with it are refused from now on\n`);
  assert.deepEqual(await verifyApiKey(library, key), { ok: false, reason: 'revoked', keyId });

  const unknown = await keys('revoke', '0123456789abcdef', '--store', store);
  assert.equal(
    unknown.stderr,
    `lambda-mcp keys: no key 0123456789abcdef in ${store}. Run lambda-mcp keys list to see the key ids.\n`,
  );
  assert.equal(unknown.code, 1);
}

describe('lambda-mcp keys on DynamoDB', () => {
  let local: DynamoDbLocal;
  before(async () => {
    local = await startDynamoDbLocal();
    await local.client.send(new CreateTableCommand(keyTableDefinition('api-keys')));
    // The binary's SDK client reads these, as it would read a real account's.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: local.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
  });
  after(() => local?.stop());

  test('create, list and revoke', async () => {
    await roundTrip('dynamodb:api-keys', dynamoKeyStore({ tableName: 'api-keys', client: local.client }));
  });

  test('a table that does not exist is one line, exit 1', async () => {
    const run = await keys('list', '--store', 'dynamodb:no-such-table');

    assert.equal(
      run.stderr,
      'lambda-mcp keys: DynamoDB table "no-such-table" does not exist in us-east-1. ' +
        'Create it with partition key keyId (string), or name another table.\n',
    );
    assert.equal(run.code, 1);
  });
});

describe('lambda-mcp keys on Postgres', () => {
  let cluster: PostgresCluster;
  let client: pg.Client;
  before(async () => {
    cluster = await startPostgresCluster();
    client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
  });
  after(async () => {
    await client?.end();
    await cluster?.destroy();
  });

  test('list before any key says that create makes the table', async () => {
    const run = await keys('list', '--store', cluster.url);

    assert.equal(
      run.stderr,
      `lambda-mcp keys: ${cluster.url} has no API key table yet: lambda-mcp keys create makes it.\n`,
    );
    assert.equal(run.code, 1);
  });

  test('create (making the table), list and revoke', async () => {
    await roundTrip(cluster.url, postgresKeyStore({ query: (sql, params) => client.query(sql, params) }));
  });

  test('an unreachable server is one line without the password, exit 1', async () => {
    const port = await freePort();

    const run = await keys('list', '--store', `postgres://app:s3cret@127.0.0.1:${port}/keys`);

    assert.equal(
      run.stderr,
      `lambda-mcp keys: cannot reach postgres://app@127.0.0.1:${port}/keys (connect ECONNREFUSED 127.0.0.1:${port}). ` +
        'Is the server running, and the address right?\n',
    );
    assert.equal(run.code, 1);
  });

  test('a password passed as a query parameter is not printed either', async () => {
    const port = await freePort();

    const run = await keys(
      'list',
      '--store',
      `postgres://app@127.0.0.1:${port}/keys?sslmode=disable&password=s3cret&sslpassword=s3cret2`,
    );

    assert.equal(
      run.stderr,
      `lambda-mcp keys: cannot reach postgres://app@127.0.0.1:${port}/keys?sslmode=disable (connect ECONNREFUSED 127.0.0.1:${port}). ` +
        'Is the server running, and the address right?\n',
    );
    assert.equal(run.code, 1);
  });
});

describe('lambda-mcp keys on PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-mcp-keys-pglite-'));
  const data = join(dir, 'data');
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Verifies `key` with the library on the data directory, closed again before the binary runs. */
  async function verify(key: string) {
    const db = await PGlite.create({ dataDir: data });
    try {
      const store = postgresKeyStore({
        query: async (sql, params) => ({
          rows: (await db.query(sql, params)).rows as Record<string, unknown>[],
        }),
      });
      return await verifyApiKey(store, key);
    } finally {
      await db.close();
    }
  }

  test('list before create says there is no database, and creates none', async () => {
    const run = await keys('list', '--store', `pglite:${data}`);

    assert.equal(
      run.stderr,
      `lambda-mcp keys: no PGlite database in ${data}: name the data directory, or make one with lambda-mcp keys create.\n`,
    );
    assert.equal(run.code, 1);
  });

  test('create (making the database), then revoke', async () => {
    const created = await keys('create', '--store', `pglite:${data}`, '--tenant', 'acme');
    const [, key, keyId] = KEY.exec(created.stdout) ?? assert.fail(`no key in ${created.stdout}`);
    assert.equal((await verify(key!)).ok, true);

    const revoked = await keys('revoke', keyId!, '--store', `pglite:${data}`);

    assert.equal(revoked.code, 0);
    assert.deepEqual(await verify(key!), { ok: false, reason: 'revoked', keyId });
  });

  test('a database open in another process is refused, not shared', async () => {
    const db = await PGlite.create({ dataDir: data });
    try {
      const run = await keys('list', '--store', `pglite:${data}`);

      assert.equal(
        run.stderr,
        `lambda-mcp keys: the PGlite database in ${data} is open in another process (a running server?): stop it, then run this again. If nothing runs, a crash left postmaster.pid behind: start and stop that server once.\n`,
      );
      assert.equal(run.code, 1);
    } finally {
      await db.close();
    }
  });
});
