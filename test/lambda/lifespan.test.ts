import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { createHandler } from 'lambda-mcp/lambda';
import { buildEvent, lambdaContext } from './lambda-fetch.ts';
import { createLambdaTestServer } from './lambda-test-server.ts';

function callPool() {
  return buildEvent('function-url', {
    method: 'POST',
    path: '/mcp',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'pool' } }),
  });
}

test('a lifespan resource that fails to initialise is retried on the next invocation', async () => {
  const { server, pool } = createLambdaTestServer();
  const handler = createHandler(server, { metrics: false });
  const first = JSON.parse((await handler(callPool(), lambdaContext())).body).result;
  assert.deepEqual(first, {
    content: [
      {
        type: 'text',
        text: 'Tool pool failed with an internal error. The failure was logged; try again later.',
      },
    ],
    isError: true,
  });
  const second = JSON.parse((await handler(callPool(), lambdaContext())).body).result;
  assert.deepEqual(second.content, [{ type: 'text', text: 'pool-2' }]);
  assert.equal(pool.attempts(), 2);
});

/** Runs sigterm-child.ts, sends SIGTERM once it is ready, and returns its exit code and output lines. */
async function terminated(args: string[] = []): Promise<{ code: number | null; lines: string[] }> {
  const child = spawn(process.execPath, [new URL('./sigterm-child.ts', import.meta.url).pathname, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  let signalled = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    output += chunk;
    if (!signalled && output.includes('ready\n')) signalled = child.kill('SIGTERM');
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, lines: output.trim().split('\n') };
}

test("SIGTERM leaves the exit to the application's own SIGTERM listener, whose async work then finishes", async () => {
  const { code, lines } = await terminated(['--another-listener']);
  assert.equal(code, 0);
  assert.deepEqual(lines, ['ready', 'flushed', 'disposed pool-2']);
});

test('SIGTERM disposes lifespan resources once, then the environment exits', async () => {
  const { code, lines } = await terminated();
  assert.equal(code, 0);
  assert.deepEqual(lines, ['ready', 'disposed pool-2']);
});
