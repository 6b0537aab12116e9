import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { disposeAll, silentLogger } from 'lambda-mcp';
import { createKey, type PolicyAuthorizerResult, revokeKey } from 'lambda-mcp/auth';
import { createHandler } from 'lambda-mcp/lambda';
import { httpApiEvent, lambdaContext, mcpRequest, restApiEvent } from 'lambda-mcp/testing';
import { serveLambdaHandler } from 'lambda-mcp/testing/servers';
import { tasksKeyStore } from '../src/access/key-store.ts';
import { tasksAccess } from '../src/access/tasks-access.ts';
import { createTasksServer } from '../src/server.ts';
import { httpApiAuthorizerEvent, restAuthorizerEvent } from './authorizer-events.ts';
import { concurrencyTests } from './concurrency.ts';
import { resourceAndPromptTests } from './resources-and-prompts.ts';
import { connectTasksHarness, SUBJECT_HEADER, type TasksHarness, TENANT_HEADER } from './tasks-client.ts';
import { tenancyTests } from './tenancy.ts';
import { toolSurfaceTests } from './tool-surface.ts';

// The Lambda entry reads its configuration from the environment at import: PGlite in a temp dir.
const dataDir = mkdtempSync(join(tmpdir(), 'tasks-handler-'));
delete process.env.DATABASE_URL;
delete process.env.DATABASE_SECRET_ARN;
process.env.TASKS_DATA_DIR = dataDir;
process.env.LOG_LEVEL ??= 'warn';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const { handler } = await import('../src/handler.ts');
const { handler: authorize } = await import('../src/authorizer.ts');
// The database both entries share in this process (separate functions when deployed).
const { lambdaDatabase } = await import('../src/lambda-database.ts');
// One database for the file, closed (lifespan) and removed when every suite is done.
after(async () => {
  await disposeAll();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A Function URL event (payload format 2.0) carrying one 2026-07-28 tools/call. */
const toolCallEvent = (id: number, name: string, args: Record<string, unknown>) =>
  httpApiEvent(mcpRequest('tools/call', { name, arguments: args }, { id }));

describe('tasks Lambda handler', () => {
  it('creates and lists projects through Function URL events, reusing one database across invocations', async () => {
    const invoke = async (id: number, name: string, args: Record<string, unknown>) => {
      // The first call opens PGlite, which on a loaded machine can outlast the default 30 s
      // deadline: this test is about reuse across invocations, not about the deadline.
      const context = lambdaContext({ remainingMs: 300_000 });
      const result = (await handler(toolCallEvent(id, name, args), context)) as {
        statusCode: number;
        body: string;
      };
      assert.equal(result.statusCode, 200, result.body);
      return JSON.parse(result.body).result.structuredContent;
    };
    const created = await invoke(1, 'create_project', { name: 'From Lambda' });
    assert.equal(created.created, true);
    const listed = await invoke(2, 'list_projects', {});
    assert.deepEqual(
      listed.projects.map((p: { name: string }) => p.name),
      ['From Lambda'],
    );
  });
});

// The whole tool surface again, through the Lambda entry as deployed: each request an HTTP
// API event, identity from an (emulated) Lambda authorizer instead of the node adapter's hook.
describe('tasks server through the Lambda handler and an API Gateway authorizer', () => {
  let harness: TasksHarness;
  before(async () => {
    const running = await serveLambdaHandler(handler, {
      authorizer: (headers) => {
        const tenant = headers[TENANT_HEADER];
        const subject = headers[SUBJECT_HEADER];
        const scope = 'tasks:read tasks:write';
        if (subject) return { lambda: { principalId: subject, scope } };
        return tenant ? { lambda: { principalId: `user@${tenant}`, tenant, scope } } : undefined;
      },
    });
    harness = connectTasksHarness(running.url, () => running.close());
  });
  after(async () => {
    await harness?.close();
  });

  toolSurfaceTests(() => harness);
  resourceAndPromptTests(() => harness);
  concurrencyTests(() => harness);
  tenancyTests(() => harness);
});

// The seed's deployment: API Gateway calls src/authorizer.ts with the request's x-api-key,
// then hands handler.ts the event with the authorizer's context in requestContext.authorizer.
describe('tasks Lambda behind the API key authorizer (src/authorizer.ts)', () => {
  const call = (name: string, args: Record<string, unknown>, key: string) => {
    const request = mcpRequest('tools/call', { name, arguments: args });
    return { headers: { ...request.headers, 'x-api-key': key }, body: request.body };
  };
  const tenantOfTask = async (id: number) =>
    (await (await lambdaDatabase.get()).query('SELECT tenant_id FROM tasks WHERE id = $1', [id])).rows;
  const allow = (keyId: string, scope: string) => ({
    principalId: keyId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:Invoke',
          Effect: 'Allow',
          Resource: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/*',
        },
      ],
    },
    context: { sub: keyId, tenant: 'acme', key_id: keyId, key_name: 'lambda', scope },
  });
  const reply = async (event: unknown) => {
    const result = (await handler(event as never, lambdaContext())) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    return { ...result, json: JSON.parse(result.body) };
  };

  it('REST: the Allow context reaches handler.ts as the tenant; HTTP API: the simple response does too', async () => {
    const { key, info } = await createKey(tasksKeyStore(lambdaDatabase), {
      tenant: 'acme',
      name: 'lambda',
      scopes: ['tasks:read', 'tasks:write'],
    });
    const policy = (await authorize(restAuthorizerEvent({ 'x-api-key': key }))) as PolicyAuthorizerResult;
    assert.deepEqual(policy, allow(info.keyId, 'tasks:read tasks:write'));

    const created = await reply(
      restApiEvent({
        ...call('create_task', { title: 'Behind the authorizer' }, key),
        authorizer: { principalId: policy.principalId, ...policy.context },
      }),
    );
    assert.equal(created.statusCode, 200, created.body);
    const taskId = created.json.result.structuredContent.id;
    assert.deepEqual(await tenantOfTask(taskId), [{ tenant_id: 'tenant:acme' }]);

    const simple = await authorize(httpApiAuthorizerEvent({ 'x-api-key': key }));
    assert.deepEqual(simple, {
      isAuthorized: true,
      context: allow(info.keyId, 'tasks:read tasks:write').context,
    });
    const read = await reply(
      httpApiEvent({
        ...call('get_task', { task_id: taskId }, key),
        authorizer: { lambda: (simple as { context: Record<string, unknown> }).context },
      }),
    );
    assert.equal(read.json.result.structuredContent.title, 'Behind the authorizer');
  });

  it("a tasks:read key's context gets 403 insufficient_scope on a write; a revoked key is denied by the authorizer", async () => {
    const store = tasksKeyStore(lambdaDatabase);
    const { key, info } = await createKey(store, { tenant: 'acme', name: 'lambda', scopes: ['tasks:read'] });
    const policy = (await authorize(restAuthorizerEvent({ 'x-api-key': key }))) as PolicyAuthorizerResult;
    assert.deepEqual(policy, allow(info.keyId, 'tasks:read'));
    const refused = await reply(
      restApiEvent({
        ...call('create_project', { name: 'Not allowed' }, key),
        authorizer: { principalId: policy.principalId, ...policy.context },
      }),
    );
    assert.deepEqual(
      [refused.statusCode, refused.headers['www-authenticate'], refused.json.error.message],
      [
        403,
        'ApiKey scope="tasks:write", error="insufficient_scope", error_description="This needs the scope tasks:write"',
        'Forbidden: tool create_project needs the scope tasks:write. Authorize with it and retry.',
      ],
    );

    assert.equal(await revokeKey(store, info.keyId), true);
    assert.deepEqual(await authorize(restAuthorizerEvent({ 'x-api-key': key })), {
      principalId: 'anonymous',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Deny',
            Resource: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/*',
          },
        ],
      },
    });
    assert.deepEqual(await authorize(httpApiAuthorizerEvent({ 'x-api-key': key })), { isAuthorized: false });
    await assert.rejects(authorize(restAuthorizerEvent({})), { message: 'Unauthorized' });
  });

  it('a Function URL with TASKS_API_KEYS=required checks the key in the handler: 401 without one, the tenant with one', async () => {
    const keyed = createHandler(
      createTasksServer({ db: lambdaDatabase, logger: silentLogger }),
      tasksAccess({ TASKS_API_KEYS: 'required' }, { db: lambdaDatabase }).options,
    );
    const { key } = await createKey(tasksKeyStore(lambdaDatabase), {
      tenant: 'initech',
      name: 'url',
      scopes: ['tasks:read', 'tasks:write'],
    });
    const request = call('create_task', { title: 'Via the URL' }, key);
    const { 'x-api-key': _key, ...withoutKey } = request.headers;
    const missing = (await keyed(httpApiEvent({ ...request, headers: withoutKey }), lambdaContext())) as {
      statusCode: number;
      headers: Record<string, string>;
    };
    assert.deepEqual(
      [missing.statusCode, missing.headers['www-authenticate']],
      [401, 'ApiKey header="x-api-key"'],
    );
    const created = (await keyed(httpApiEvent(request), lambdaContext())) as { body: string };
    const taskId = JSON.parse(created.body).result.structuredContent.id;
    assert.deepEqual(await tenantOfTask(taskId), [{ tenant_id: 'tenant:initech' }]);
  });
});
