/**
 * The seed's local loop for real: `serverless offline start` on the committed serverless.yml
 * serves the `lambda-mcp build` bundles, invokes the REQUEST authorizer (src/authorizer.ts)
 * on every MCP request, and the official MCP client calls the task server through it, with a
 * key made by the keys command in a real Postgres, and without one.
 *
 * Two serverless-offline differences from API Gateway, both visible here: it puts the stage
 * into `requestContext.resourcePath` (so it runs with --noPrependStageInUrl: the URL is
 * /mcp, not /v1/mcp), and it answers a missing key with its own 401 body, without the
 * gateway response's WWW-Authenticate. It does not stream.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { tasksKeyStore } from '../../examples/tasks/src/access/key-store.ts';
import { runKeysCommand } from '../../examples/tasks/src/access/keys-command.ts';
import type { SqlDriver } from '../../examples/tasks/src/db/driver.ts';
import { openDatabase } from '../../examples/tasks/src/db/open-database.ts';
import { type PostgresCluster, startPostgresCluster } from '../../examples/tasks/test/postgres-cluster.ts';
import {
  type ServerlessOffline,
  serverlessService,
  startServerlessOffline,
  TASKS_SERVICE,
} from './serverless-service.ts';

let postgres: PostgresCluster;
let db: SqlDriver;
let offline: ServerlessOffline;
let url: URL;
const service = serverlessService(TASKS_SERVICE);

before(async () => {
  postgres = await startPostgresCluster();
  db = await openDatabase({ databaseUrl: postgres.url });
  offline = await startServerlessOffline(service.dir, {
    params: { databaseSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:unused' },
    // DATABASE_URL from this environment wins over the secret (resolveDatabaseUrl).
    env: { DATABASE_URL: postgres.url, LOG_LEVEL: 'error' },
  });
  url = new URL('mcp', offline.url);
});

after(async () => {
  await offline?.stop();
  await db?.close();
  await postgres?.destroy();
  service.remove();
});

async function makeKey(tenant: string, scopes: string): Promise<string> {
  const lines: string[] = [];
  const code = await runKeysCommand(
    ['create', '--tenant', tenant, '--scopes', scopes, '--name', 'offline'],
    tasksKeyStore(db),
    (line) => lines.push(line),
  );
  assert.equal(code, 0, lines.join('\n'));
  return lines[1]!;
}

async function connect(key?: string): Promise<Client> {
  const client = new Client(
    { name: 'offline-test', version: '1.0.0' },
    { versionNegotiation: { mode: 'auto' } },
  );
  await client.connect(
    new StreamableHTTPClientTransport(url, { requestInit: { headers: key ? { 'x-api-key': key } : {} } }),
  );
  return client;
}

describe('the task server under serverless-offline, behind its REQUEST authorizer', () => {
  it('serves a client with a key: the tools its scopes allow, and a task written in its tenant', async () => {
    const client = await connect(await makeKey('acme', 'tasks:read,tasks:write'));
    try {
      assert.equal((await client.listTools()).tools.length, 12);
      const created = await client.callTool({
        name: 'create_task',
        arguments: { title: 'Through the gateway' },
      });
      assert.equal(created.isError, undefined);
      const id = (created.structuredContent as { id: number }).id;
      const { rows } = await db.query('SELECT tenant_id, title FROM tasks WHERE id = $1', [id]);
      assert.deepEqual(rows, [{ tenant_id: 'tenant:acme', title: 'Through the gateway' }]);
    } finally {
      await client.close();
    }
  });

  it('refuses a client without a key (401) and with an unknown key (403)', async () => {
    await assert.rejects(connect(), { status: 401 });
    await assert.rejects(connect('lmcp_0123456789abcdef_not-a-key'), { status: 403 });
  });

  it('answers health without the authorizer', async () => {
    const response = await fetch(new URL('/health', url));
    assert.equal(response.status, 200);
    const output = offline.output();
    const logged = output.lastIndexOf('GET /health (λ: mcp)');
    assert.ok(logged >= 0, output);
    assert.doesNotMatch(output.slice(logged), /Running Authorization function/);
  });
});
