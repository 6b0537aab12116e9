import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { disposeAll } from 'lambda-mcp';
import { httpApiEvent, lambdaContext, mcpRequest } from 'lambda-mcp/testing';

// The Lambda entry reads its configuration from the environment at import: PGlite in a temp dir.
const dataDir = mkdtempSync(join(tmpdir(), 'tasks-handler-'));
delete process.env.DATABASE_URL;
delete process.env.DATABASE_SECRET_ARN;
process.env.TASKS_DATA_DIR = dataDir;
process.env.LOG_LEVEL ??= 'warn';
const { handler } = await import('../src/handler.ts');

/** A Function URL event (payload format 2.0) carrying one 2026-07-28 tools/call. */
const toolCallEvent = (id: number, name: string, args: Record<string, unknown>) =>
  httpApiEvent(mcpRequest('tools/call', { name, arguments: args }, { id }));

describe('tasks Lambda handler', () => {
  after(async () => {
    await disposeAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

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
