import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { disposeAll } from 'lambda-mcp';
import { httpApiEvent, lambdaContext, mcpRequest } from 'lambda-mcp/testing';
import { serveLambdaHandler } from 'lambda-mcp/testing/servers';
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
      const result = (await handler(toolCallEvent(id, name, args), lambdaContext())) as {
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
