import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { silentLogger } from 'lambda-mcp';
import { createHandler } from 'lambda-mcp/lambda';
import { httpApiEvent, lambdaContext } from 'lambda-mcp/testing';
import { tasksAccess } from '../src/access/tasks-access.ts';
import type { SqlDriver } from '../src/db/driver.ts';
import { migrate } from '../src/db/migrations.ts';
import { createPgliteDriver } from '../src/db/pglite-driver.ts';
import { createTasksServer } from '../src/server.ts';

// A 2025-11-25 client (the revision before 2026-07-28, which the other suites speak) gets the
// resource errors its revision defines: -32002 for an unknown resource.
// EMF metric lines would fill the test output.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

let driver: SqlDriver;
let handler: ReturnType<typeof createHandler>;
before(async () => {
  driver = await createPgliteDriver();
  await migrate(driver);
  handler = createHandler(
    createTasksServer({ db: { get: async () => driver }, logger: silentLogger }),
    // As deployed without an authorizer or TASKS_API_KEYS: anonymous, every tool.
    tasksAccess({}, { db: { get: async () => driver } }).options,
  );
});
after(async () => {
  await driver?.close();
});

/** One 2025-11-25 JSON-RPC request through the Lambda handler; the `error` it was answered with. */
async function legacyError(method: string, params: Record<string, unknown>) {
  const event = httpApiEvent({
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const reply = (await handler(event, lambdaContext())) as { body: string };
  return JSON.parse(reply.body).error;
}

it('answers an unknown task with -32002 and a malformed id with -32602 on 2025-11-25', async () => {
  assert.deepEqual(await legacyError('resources/read', { uri: 'tasks://task/424242' }), {
    code: -32002,
    message: 'NOT_FOUND: Task 424242 not found. Call list_tasks to see valid ids.',
    data: { uri: 'tasks://task/424242', code: 'NOT_FOUND', id: 424242 },
  });
  assert.deepEqual(await legacyError('resources/read', { uri: 'tasks://project/abc' }), {
    code: -32602,
    message:
      'VALIDATION_ERROR: "abc" is not a project id: ids are whole numbers from 1 to 9007199254740991. Call list_projects to see valid ids.',
    data: { code: 'VALIDATION_ERROR', field: 'id' },
  });
  assert.deepEqual(
    await legacyError('prompts/get', { name: 'plan_sprint', arguments: { project_id: 'abc' } }),
    {
      code: -32602,
      message:
        'VALIDATION_ERROR: project_id: "abc" is not a project id: ids are whole numbers from 1 to 9007199254740991. Call list_projects to see valid ids.',
      data: { code: 'VALIDATION_ERROR', field: 'project_id' },
    },
  );
});
