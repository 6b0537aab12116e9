import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createHandler } from '../adapters/lambda/create-handler.ts';
import { serve } from '../adapters/node/serve.ts';
import { silentLogger } from '../log/logger.ts';
import { createServer } from '../server/create-server.ts';
import { httpApiEvent, lambdaContext } from '../testing/lambda-events.ts';
import { mcpRequest } from '../testing/mcp-request.ts';

describe('a client that accepts only text/event-stream', () => {
  test('gets the status an unknown method has (404, as 2026-07-28 requires), its single message as an event', async () => {
    const server = createServer({ name: 'sse-only', version: '1.0.0' });
    const running = await serve(server, { port: 0, handleSignals: false });
    try {
      const { headers, body } = mcpRequest('nope/nope');
      const response = await fetch(running.url, {
        method: 'POST',
        headers: { ...headers, accept: 'text/event-stream' },
        body,
      });
      assert.equal(response.status, 404);
      assert.equal(response.headers.get('content-type'), 'text/event-stream');
      assert.equal(
        await response.text(),
        'event: message\ndata: {"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found: nope/nope"}}\n\n',
      );
    } finally {
      await running.close();
    }
  });

  test('gets the scope challenge of a tool it lacks the scope for, as a client taking JSON does', async () => {
    const server = createServer({ name: 'sse-only', version: '1.0.0' });
    server.tool('admin', { description: 'admin only', auth: { scopes: ['admin'] } }, () => 'done');
    const running = await serve(server, {
      port: 0,
      handleSignals: false,
      auth: {
        authenticate: () => ({ subject: 'u1', scopes: [], claims: {} }),
        forbidden: (scopes) => ({
          status: 403,
          headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scopes.join(' ')}"` },
          body: '',
        }),
      },
    });
    try {
      const { headers, body } = mcpRequest('tools/call', { name: 'admin' });
      const answers = [];
      for (const accept of ['application/json', 'text/event-stream']) {
        const response = await fetch(running.url, { method: 'POST', headers: { ...headers, accept }, body });
        await response.text();
        answers.push([response.status, response.headers.get('www-authenticate')]);
      }
      assert.deepEqual(answers[1], answers[0]);
      assert.equal(answers[1]?.[1], 'Bearer error="insufficient_scope", scope="admin"');
    } finally {
      await running.close();
    }
  });

  test('on Lambda (a buffered answer) gets the same status as one taking JSON, with its single message as an event', async () => {
    const handler = createHandler(
      createServer({ name: 'sse-only', version: '1.0.0', logger: silentLogger }),
      {
        metrics: false,
      },
    );
    const { headers, body } = mcpRequest('nope/nope');
    const answer = (await handler(
      httpApiEvent({ headers: { ...headers, accept: 'text/event-stream' }, body }),
      lambdaContext(),
    )) as { statusCode: number; headers: Record<string, string>; body: string };
    assert.equal(answer.statusCode, 404);
    assert.equal(answer.headers['content-type'], 'text/event-stream');
    assert.equal(
      answer.body,
      'event: message\ndata: {"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found: nope/nope"}}\n\n',
    );
  });
});
