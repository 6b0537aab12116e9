import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { convertDocument, loadOpenApiDocument } from '@lambda-mcp/openapi';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createApiKeyAuthorizer } from 'lambda-mcp/auth';
import type { LambdaHandler } from 'lambda-mcp/lambda';
import { tasksKeyStore } from '../../tasks/src/access/key-store.ts';
import type { SqlDriver } from '../../tasks/src/db/driver.ts';
import { openDatabase } from '../../tasks/src/db/open-database.ts';
import { openApiDocument } from '../../tasks/src/rest/openapi-document.ts';
import { TASK_ROUTES } from '../../tasks/src/rest/task-routes.ts';
import { makeKey, startRestApi } from '../../tasks/test/rest-harness.ts';
import { apiGatewayFetch } from './api-gateway-fetch.ts';

// The public URL of the API Gateway stage; requests never leave the process (apiGatewayFetch).
const ENDPOINT = new URL('https://abcdef123.execute-api.us-east-1.amazonaws.com/prod/mcp');

describe('the tasks façade: API Gateway → REQUEST authorizer → façade Lambda → tasks REST API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasks-facade-'));
  let driver: SqlDriver;
  let rest: { url: string; close(): Promise<void> };
  let handler: LambdaHandler;
  const keys: Record<'acme' | 'globex' | 'reader', string> = { acme: '', globex: '', reader: '' };
  const clients: Client[] = [];

  before(async () => {
    driver = await openDatabase({ dataDir });
    rest = await startRestApi(driver);
    keys.acme = await makeKey(driver, 'acme', 'tasks:read,tasks:write');
    keys.globex = await makeKey(driver, 'globex', 'tasks:read,tasks:write');
    keys.reader = await makeKey(driver, 'acme', 'tasks:read');
    // The deployed module itself, configured as its Lambda would be.
    process.env.TASKS_API_URL = rest.url;
    ({ handler } = await import('../src/handler.ts'));
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await rest?.close();
    await driver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const authorizer = () => createApiKeyAuthorizer({ store: tasksKeyStore(driver), header: 'x-api-key' });

  async function connect(key: string | undefined): Promise<Client> {
    const client = new Client(
      { name: 'facade-test', version: '1.0.0' },
      { versionNegotiation: { mode: 'auto' } },
    );
    const headers: Record<string, string> = key === undefined ? {} : { 'x-api-key': key };
    await client.connect(
      new StreamableHTTPClientTransport(ENDPOINT, {
        fetch: apiGatewayFetch(authorizer(), handler),
        requestInit: { headers },
      }),
    );
    clients.push(client);
    return client;
  }

  const text = (result: { content: unknown }) => (result.content as { text: string }[])[0]?.text;

  test('openapi.json and tools.json are what the REST API routes generate (npm run spec refreshes them)', async () => {
    const committed = (name: string) =>
      JSON.parse(readFileSync(new URL(`../${name}`, import.meta.url), 'utf8'));
    const document = openApiDocument(TASK_ROUTES);
    assert.deepEqual(committed('openapi.json'), document);
    const api = convertDocument(await loadOpenApiDocument(document));
    assert.deepEqual(committed('tools.json'), JSON.parse(JSON.stringify(api)));
  });

  test('lists one tool per REST operation', async () => {
    const client = await connect(keys.acme);
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((tool) => tool.name),
      ['listTasks', 'createTask', 'getTask', 'deleteTask', 'updateTask', 'listProjects'],
    );
  });

  test("a call runs with the caller's key: the task lands in the key's tenant, another tenant cannot see it", async () => {
    const acme = await connect(keys.acme);
    const created = await acme.callTool({
      name: 'createTask',
      arguments: { title: 'Ship the façade', priority: 'high' },
    });
    assert.equal(created.isError, undefined, JSON.stringify(created));
    const task = created.structuredContent as {
      id: number;
      title: string;
      priority: string;
      version: number;
    };
    assert.equal(task.title, 'Ship the façade');
    assert.equal(task.priority, 'high');
    const { rows } = await driver.query<{ tenant_id: string }>('SELECT tenant_id FROM tasks WHERE id = $1', [
      task.id,
    ]);
    assert.deepEqual(rows, [{ tenant_id: 'tenant:acme' }]);

    const globex = await connect(keys.globex);
    const hidden = await globex.callTool({ name: 'getTask', arguments: { task_id: task.id } });
    assert.equal(hidden.isError, true);
    assert.equal(
      text(hidden),
      `NOT_FOUND: getTask found nothing (404): Task ${task.id} not found. Check the ids in the arguments.`,
    );

    const stale = await acme.callTool({
      name: 'updateTask',
      arguments: { task_id: task.id, status: 'done', version: 9 },
    });
    assert.equal(
      text(stale),
      `CONFLICT: updateTask conflicts with the current state (409): Task ${task.id} is at version 1, not 9: read it again and retry.`,
    );
    const done = await acme.callTool({
      name: 'updateTask',
      arguments: { task_id: task.id, status: 'done', version: 1 },
    });
    assert.equal((done.structuredContent as { status: string }).status, 'done');
  });

  test('createTask retried with the same Idempotency-Key makes one task: the key reaches POST /tasks as its header', async () => {
    const acme = await connect(keys.acme);
    const create = () =>
      acme.callTool({
        name: 'createTask',
        arguments: { title: 'Sent twice by a retrying client', 'Idempotency-Key': 'facade-retry-1' },
      });
    const first = await create();
    const retry = await create();
    assert.equal(first.isError, undefined, JSON.stringify(first));
    assert.deepEqual(retry.structuredContent, first.structuredContent);
    const { rows } = await driver.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM tasks WHERE title = 'Sent twice by a retrying client'",
    );
    assert.deepEqual(rows, [{ n: 1 }]);
  });

  test('listProjects pages through the API: limit and cursor reach GET /projects, next_cursor comes back', async () => {
    const pager = await makeKey(driver, 'pager', 'tasks:read');
    await driver.query(
      `INSERT INTO projects (tenant_id, name) SELECT 'tenant:pager', 'Project ' || n FROM generate_series(1, 3) n`,
    );
    const client = await connect(pager);
    const page = async (args: Record<string, unknown>) =>
      (await client.callTool({ name: 'listProjects', arguments: args })).structuredContent as {
        projects: { name: string }[];
        next_cursor?: string;
      };
    const first = await page({ limit: 2 });
    assert.deepEqual(
      first.projects.map((project) => project.name),
      ['Project 1', 'Project 2'],
    );
    assert.ok(first.next_cursor);
    const second = await page({ limit: 2, cursor: first.next_cursor });
    assert.deepEqual(
      second.projects.map((project) => project.name),
      ['Project 3'],
    );
    assert.equal(second.next_cursor, undefined, 'the last page has no cursor');
  });

  test("the API's own refusals reach the model: a read-only key cannot create", async () => {
    const reader = await connect(keys.reader);
    const refused = await reader.callTool({ name: 'createTask', arguments: { title: 'Nope' } });
    assert.equal(refused.isError, true);
    assert.equal(
      text(refused),
      'FORBIDDEN: The caller may not use createTask (403): This API key lacks the scope tasks:write.',
    );
  });

  test('invalid arguments are refused by the façade before the API is called', async () => {
    const acme = await connect(keys.acme);
    const before = await driver.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks');
    const refused = await acme.callTool({
      name: 'createTask',
      arguments: { title: 'x', priority: 'urgent' },
    });
    assert.equal(
      text(refused),
      'VALIDATION_ERROR: Invalid arguments for tool createTask: priority must be one of "low", "medium", "high"',
    );
    assert.deepEqual((await driver.query('SELECT count(*)::int AS n FROM tasks')).rows, before.rows);
  });

  test('without a key, API Gateway answers 401 before the façade runs', async () => {
    await assert.rejects(connect(undefined), (error: Error) => /401/.test(error.message));
  });
});
