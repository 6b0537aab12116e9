import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { silentLogger } from 'lambda-mcp';
import { serve } from 'lambda-mcp/node';
import { tasksKeyStore } from '../src/access/key-store.ts';
import { runKeysCommand } from '../src/access/keys-command.ts';
import { tasksAccess } from '../src/access/tasks-access.ts';
import type { SqlDriver } from '../src/db/driver.ts';
import { createTasksServer } from '../src/server.ts';

/** One HTTP answer the client received: what a user's client would see of an auth wall. */
interface Seen {
  status: number;
  challenge: string | null;
  body: string;
}

const READ_TOOLS = ['get_task', 'list_tasks', 'list_projects', 'get_project_stats', 'list_members'];

/**
 * The key flow as `npm start` runs it with TASKS_API_KEYS=required: keys made by the keys
 * command in the task database, the official 2.x client sending `x-api-key` through
 * `requestInit.headers`, the node adapter verifying it. Run by each driver's test file.
 */
export function apiKeyTests(database: () => SqlDriver): void {
  describe('API keys required (TASKS_API_KEYS=required)', () => {
    let url: URL;
    let stop: () => Promise<void>;
    const clients: Client[] = [];
    const seen: Seen[] = [];
    // The fetch the client uses, recording each answer (headers and body) before the client reads it.
    const recordingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (response.status >= 400) {
        seen.push({
          status: response.status,
          challenge: response.headers.get('www-authenticate'),
          body: await response.clone().text(),
        });
      }
      return response;
    };
    const keys = async (...argv: string[]) => {
      const lines: string[] = [];
      const code = await runKeysCommand(argv, tasksKeyStore(database()), (line) => lines.push(line));
      return { code, lines };
    };
    const makeKey = async (tenant: string, scopes: string) => {
      const { code, lines } = await keys('create', '--tenant', tenant, '--scopes', scopes, '--name', 'test');
      assert.equal(code, 0);
      const [created, key] = lines;
      const keyId = /^Created key ([0-9a-f]{16}) for tenant /.exec(created ?? '')?.[1];
      assert.ok(keyId && key?.startsWith(`lmcp_${keyId}_`), lines.join('\n'));
      return { key, keyId };
    };
    const connect = async (key?: string) => {
      const client = new Client(
        { name: 'keys-test', version: '1.0.0' },
        { versionNegotiation: { mode: 'auto' } },
      );
      const headers: Record<string, string> = key ? { 'x-api-key': key } : {};
      await client.connect(
        new StreamableHTTPClientTransport(url, { requestInit: { headers }, fetch: recordingFetch }),
      );
      clients.push(client);
      return client;
    };

    before(async () => {
      const db = { get: async () => database() };
      const access = tasksAccess({ TASKS_API_KEYS: 'required' }, { db });
      assert.equal(access.keysRequired, true);
      const running = await serve(createTasksServer({ db, logger: silentLogger }), {
        port: 0,
        handleSignals: false,
        ...access.options,
      });
      url = new URL(running.url);
      stop = () => running.close();
    });
    after(async () => {
      await Promise.all(clients.map((client) => client.close()));
      await stop?.();
    });

    it('refuses a client without a key: 401 with WWW-Authenticate naming the header', async () => {
      seen.length = 0;
      await assert.rejects(connect(), { status: 401 });
      assert.deepEqual(seen[0], {
        status: 401,
        challenge: 'ApiKey header="x-api-key"',
        body: '{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Unauthorized: send an API key"}}',
      });
    });

    it('shows a tasks:read key only the read tools, and answers its write with 403 insufficient_scope', async () => {
      const { key } = await makeKey('acme', 'tasks:read');
      const reader = await connect(key);
      const { tools } = await reader.listTools();
      assert.deepEqual(
        tools.map((tool) => tool.name),
        READ_TOOLS,
      );
      seen.length = 0;
      await assert.rejects(reader.callTool({ name: 'create_task', arguments: { title: 'Nope' } }), {
        status: 403,
      });
      assert.deepEqual(seen[0], {
        status: 403,
        challenge:
          'ApiKey scope="tasks:write", error="insufficient_scope", error_description="This needs the scope tasks:write"',
        body: '{"jsonrpc":"2.0","id":1,"error":{"code":-32003,"message":"Forbidden: tool create_task needs the scope tasks:write. Authorize with it and retry.","data":{"requiredScopes":["tasks:write"]}}}',
      });
    });

    it("writes in the key's tenant; another tenant's key does not see it; a revoked key gets 401", async () => {
      const writerKey = await makeKey('acme', 'tasks:read,tasks:write');
      const writer = await connect(writerKey.key);
      assert.equal((await writer.listTools()).tools.length, 12);
      const created = await writer.callTool({ name: 'create_task', arguments: { title: 'Ship keys' } });
      assert.equal(created.isError, undefined, JSON.stringify(created));
      const taskId = (created.structuredContent as { id: number }).id;
      const { rows } = await database().query<{ tenant_id: string }>(
        'SELECT tenant_id FROM tasks WHERE id = $1',
        [taskId],
      );
      assert.deepEqual(rows, [{ tenant_id: 'tenant:acme' }]);

      const other = await connect((await makeKey('globex', 'tasks:read,tasks:write')).key);
      const read = await other.callTool({ name: 'get_task', arguments: { task_id: taskId } });
      assert.deepEqual(read.content, [
        { type: 'text', text: `NOT_FOUND: Task ${taskId} not found. Call list_tasks to see valid ids.` },
      ]);
      const listed = await other.callTool({ name: 'list_tasks', arguments: {} });
      assert.deepEqual((listed.structuredContent as { tasks: unknown[] }).tasks, []);

      assert.deepEqual(await keys('revoke', writerKey.keyId), {
        code: 0,
        lines: [`Revoked key ${writerKey.keyId}: requests with it are refused from now on.`],
      });
      seen.length = 0;
      await assert.rejects(writer.callTool({ name: 'get_task', arguments: { task_id: taskId } }), {
        status: 401,
      });
      assert.deepEqual(seen[0], {
        status: 401,
        challenge:
          'ApiKey header="x-api-key", error="invalid_token", error_description="the API key was revoked"',
        body: '{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Unauthorized: the API key was revoked","data":{"error":"invalid_token"}}}',
      });
      const listing = await keys('list', '--tenant', 'acme');
      assert.match(listing.lines.find((line) => line.startsWith(writerKey.keyId)) ?? '', /, revoked 20\d\d-/);
    });
  });
}
