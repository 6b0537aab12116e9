/**
 * The seed's architecture end to end, locally: `serverless offline start` on the façade's
 * committed serverless.yml serves the `lambda-mcp build` bundles, invokes the tasks REQUEST
 * authorizer (examples/tasks/src/authorizer.ts, reading keys from a real Postgres) on every
 * MCP request, and the façade calls the tasks REST API (on a loopback port, over the same
 * database) with the caller's own key. The official MCP client drives it, with keys made
 * by the keys command.
 *
 * What serverless-offline does differently from API Gateway, accounted for here: it puts
 * the stage into `requestContext.resourcePath` (so it runs with --noPrependStageInUrl: the
 * URL is /mcp, not /v1/mcp); it ignores the gateway responses, so a missing key gets hapi's
 * own 401 body without WWW-Authenticate and the authorizer's Deny hapi's 403 body, not the
 * JSON-RPC bodies the deployed API sends; it never caches authorizer results (API Gateway
 * does not either, with the TTL 0 the templates set); and it does not stream.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { tasksKeyStore } from '../../examples/tasks/src/access/key-store.ts';
import { runKeysCommand } from '../../examples/tasks/src/access/keys-command.ts';
import type { SqlDriver } from '../../examples/tasks/src/db/driver.ts';
import { openDatabase } from '../../examples/tasks/src/db/open-database.ts';
import { type PostgresCluster, startPostgresCluster } from '../../examples/tasks/test/postgres-cluster.ts';
import { startRestApi } from '../../examples/tasks/test/rest-harness.ts';
import {
  FACADE_SERVICE,
  type ServerlessOffline,
  serverlessService,
  startServerlessOffline,
} from './serverless-service.ts';

const OPENAPI = join(import.meta.dirname, '..', '..', 'examples', 'tasks-facade', 'openapi.json');

let postgres: PostgresCluster;
let db: SqlDriver;
let rest: { url: string; close(): Promise<void> };
let offline: ServerlessOffline;
let url: URL;
const clients: Client[] = [];
const service = serverlessService(FACADE_SERVICE);

// Hang guards only: nothing asserts on time.
before(
  async () => {
    postgres = await startPostgresCluster();
    db = await openDatabase({ databaseUrl: postgres.url });
    // The "existing product": the tasks REST API over the same database.
    rest = await startRestApi(db);
    offline = await startServerlessOffline(service.dir, {
      params: {
        tasksApiUrl: rest.url,
        databaseSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:unused',
      },
      // The authorizer: DATABASE_URL from this environment wins over the secret (resolveDatabaseUrl).
      env: { DATABASE_URL: postgres.url, LOG_LEVEL: 'error' },
    });
    url = new URL('mcp', offline.url);
  },
  { timeout: 180_000 },
);

after(
  async () => {
    await Promise.allSettled(clients.map((client) => client.close()));
    await offline?.stop();
    await rest?.close();
    await db?.close();
    await postgres?.destroy();
    service.remove();
  },
  { timeout: 60_000 },
);

/** `keys <args>`, as an operator runs it (npm run keys -w examples/tasks). */
async function keys(...args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const code = await runKeysCommand(args, tasksKeyStore(db), (line) => lines.push(line));
  assert.equal(code, 0, lines.join('\n'));
  return lines;
}

async function makeKey(tenant: string): Promise<{ key: string; keyId: string }> {
  const [created, key] = await keys(
    'create',
    '--tenant',
    tenant,
    '--scopes',
    'tasks:read,tasks:write',
    '--name',
    'facade-offline',
  );
  const keyId = /^Created key (\S+) /.exec(created!)?.[1];
  assert.ok(keyId && key, created);
  return { key, keyId };
}

async function connect(key?: string): Promise<Client> {
  const client = new Client(
    { name: 'facade-offline-test', version: '1.0.0' },
    { versionNegotiation: { mode: 'auto' } },
  );
  await client.connect(
    new StreamableHTTPClientTransport(url, { requestInit: { headers: key ? { 'x-api-key': key } : {} } }),
  );
  clients.push(client);
  return client;
}

/** A raw JSON-RPC initialize, to read what the gateway itself answers. */
function initialize(headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'raw', version: '1.0.0' },
      },
    }),
  });
}

const text = (result: { content: unknown }) => (result.content as { text: string }[])[0]?.text;

describe('the tasks façade under serverless-offline: authorizer → façade → tasks REST API', () => {
  it('lists one tool per operation of the OpenAPI document', async () => {
    const document = JSON.parse(readFileSync(OPENAPI, 'utf8')) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const operations = Object.values(document.paths).flatMap((item) =>
      Object.values(item).flatMap((operation) => operation.operationId ?? []),
    );
    assert.equal(operations.length, 6);
    const client = await connect((await makeKey('acme')).key);
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), operations.sort());
  });

  it("creates a task with tenant A's key that the REST API shows in tenant A; tenant B's key gets NOT_FOUND", async () => {
    const [acme, globex] = [await makeKey('acme'), await makeKey('globex')];
    const client = await connect(acme.key);
    const created = await client.callTool({
      name: 'createTask',
      arguments: { title: 'Through serverless-offline', priority: 'high' },
    });
    assert.equal(created.isError, undefined, JSON.stringify(created));
    const task = created.structuredContent as { id: number; title: string; priority: string };
    assert.deepEqual([task.title, task.priority], ['Through serverless-offline', 'high']);

    // The REST API itself, asked with each tenant's key.
    const get = (key: string) => fetch(`${rest.url}/tasks/${task.id}`, { headers: { 'x-api-key': key } });
    const shown = await get(acme.key);
    assert.equal(shown.status, 200);
    assert.deepEqual(await shown.json(), task);
    assert.equal((await get(globex.key)).status, 404);
    const { rows } = await db.query('SELECT tenant_id FROM tasks WHERE id = $1', [task.id]);
    assert.deepEqual(rows, [{ tenant_id: 'tenant:acme' }]);

    const hidden = await (await connect(globex.key)).callTool({
      name: 'getTask',
      arguments: { task_id: task.id },
    });
    assert.equal(hidden.isError, true);
    assert.equal(
      text(hidden),
      `NOT_FOUND: getTask found nothing (404): Task ${task.id} not found. Check the ids in the arguments.`,
    );
  });

  it("refuses a request without a key with serverless-offline's own 401, before the authorizer runs", async () => {
    await assert.rejects(connect(), { status: 401 });
    const before = offline.output().length;
    const response = await initialize();
    assert.equal(response.status, 401);
    // API Gateway would send the gateway response: WWW-Authenticate and a JSON-RPC body.
    assert.equal(response.headers.get('www-authenticate'), null);
    assert.deepEqual(await response.json(), {
      statusCode: 401,
      error: 'Unauthorized',
      message: 'User is not authorized to access this resource',
    });
    assert.match(offline.output().slice(before), /Identity Source is null for header x-api-key/);
  });

  // serverless-offline never caches authorizer results; API Gateway does not either with the
  // TTL 0 the templates set (asserted by the facade-{sam,serverless,terraform} tests).
  it('refuses a key revoked mid-session on its very next request, with a 403', async () => {
    const { key, keyId } = await makeKey('acme');
    const client = await connect(key);
    const listed = await client.callTool({ name: 'listTasks', arguments: {} });
    assert.equal(listed.isError, undefined, JSON.stringify(listed));

    await keys('revoke', keyId);
    await assert.rejects(client.callTool({ name: 'listTasks', arguments: {} }), { status: 403 });
    await assert.rejects(connect(key), { status: 403 });
    const response = await initialize({ 'x-api-key': key });
    assert.equal(response.status, 403);
    // API Gateway would send the ACCESS_DENIED gateway response's JSON-RPC body.
    assert.deepEqual(await response.json(), {
      statusCode: 403,
      error: 'Forbidden',
      message: 'User is not authorized to access this resource',
    });
  });
});
