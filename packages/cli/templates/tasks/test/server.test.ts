import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpApiEvent, lambdaContext, mcpRequest } from 'lambda-mcp/testing';
import { handler } from '../src/handler.ts';

// Without TASKS_TABLE the handler keeps tasks in memory: each test file gets a fresh list.

/** Calls one tool through the Lambda handler, as API Gateway would deliver the request. */
async function callTool(name: string, args: Record<string, unknown> = {}) {
  const event = httpApiEvent(mcpRequest('tools/call', { name, arguments: args }));
  const result = await handler(event, lambdaContext());
  assert.equal(result.statusCode, 200);
  return JSON.parse(result.body).result;
}

test('a created task is listed until it is completed', async () => {
  const created = (await callTool('create_task', { title: 'Water the plants' })).structuredContent;
  assert.equal(created.done, false);

  const open = (await callTool('list_tasks')).structuredContent.tasks;
  assert.deepEqual(
    open.map((task: { title: string }) => task.title),
    ['Water the plants'],
  );

  const completed = (await callTool('complete_task', { id: created.id })).structuredContent;
  assert.equal(completed.done, true);
  assert.deepEqual((await callTool('list_tasks')).structuredContent.tasks, []);
  assert.equal((await callTool('list_tasks', { include_done: true })).structuredContent.tasks.length, 1);
});

test('complete_task on an unknown id tells the assistant where to find ids', async () => {
  const result = await callTool('complete_task', { id: 'nope' });

  assert.equal(result.isError, true);
  assert.equal(result.content[0].text, 'NOT_FOUND: Task nope not found. Call list_tasks to see valid ids.');
});

test('a blank title is refused with what to send instead', async () => {
  const result = await callTool('create_task', { title: '  ' });

  assert.equal(result.isError, true);
  assert.equal(
    result.content[0].text,
    'VALIDATION_ERROR: title is only white space: say in a few words what the task is.',
  );
  const all = (await callTool('list_tasks', { include_done: true })).structuredContent.tasks;
  assert.ok(all.every((task: { title: string }) => task.title.trim() !== ''));
});
