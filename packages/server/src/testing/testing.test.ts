import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createServer } from '../server/create-server.ts';
import { createInProcessFetch } from './in-process-fetch.ts';
import { startTestServer } from './test-server.ts';

const server = () =>
  createServer({ name: 'testing/helpers', version: '0.0.1' }).tool(
    'ping_tool',
    { description: 'Answers pong.' },
    () => 'pong',
  );

const callTool = {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ping_tool' } }),
};

test('startTestServer serves the MCP endpoint on a loopback port and closes', async () => {
  const running = await startTestServer(server());
  assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  const response = await fetch(running.url, callTool);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {
    jsonrpc: '2.0',
    id: 1,
    result: { content: [{ type: 'text', text: 'pong' }] },
  });
  await running.close();
  await assert.rejects(fetch(running.url, callTool));
});

test('createInProcessFetch answers through the fetch adapter without a socket', async () => {
  const inProcess = createInProcessFetch(server());
  const response = await inProcess('http://in-process.test/mcp', callTool);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {
    jsonrpc: '2.0',
    id: 1,
    result: { content: [{ type: 'text', text: 'pong' }] },
  });
});

test('createInProcessFetch honours the endpoint option', async () => {
  const inProcess = createInProcessFetch(server(), { endpoint: '/rpc' });
  assert.equal((await inProcess('http://in-process.test/rpc', callTool)).status, 200);
  const missed = await inProcess('http://in-process.test/mcp', { method: 'GET' });
  assert.equal(missed.status, 404);
  assert.deepEqual(await missed.json(), { error: 'not_found', message: 'No route for /mcp' });
});
