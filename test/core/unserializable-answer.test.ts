import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createServer, silentLogger } from 'lambda-mcp';
import { createExchangeHandler } from 'lambda-mcp/http';
import { mcpRequest } from 'lambda-mcp/testing';

const platform = { kind: 'other', name: 'test', request: undefined } as const;

/**
 * A result JSON cannot hold (a BigInt, a cycle) used to throw inside a promise callback:
 * an unhandled rejection, which ends a Node 24 process. It is now a logged internal error.
 */
test('a tool result JSON cannot hold is an internal error, logged, on hosts that stream and hosts that buffer', async () => {
  const logged: [string, Record<string, unknown>][] = [];
  const server = createServer({
    name: 'unserializable',
    version: '1.0.0',
    logger: {
      ...silentLogger,
      error: (message: string, fields?: Record<string, unknown>) => logged.push([message, fields ?? {}]),
    },
  });
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  server.tool('bigint', { description: 'a BigInt in _meta' }, () => ({
    content: [{ type: 'text' as const, text: 'x' }],
    _meta: { count: 10n as unknown as number },
  }));
  server.tool('cycle', { description: 'a cycle in _meta' }, () => ({
    content: [{ type: 'text' as const, text: 'x' }],
    _meta: cycle,
  }));

  for (const options of [{}, { resultLimit: { maxBytes: 6_000_000 } }]) {
    const handle = createExchangeHandler(server, options);
    for (const name of ['bigint', 'cycle']) {
      const { headers, body } = mcpRequest('tools/call', { name, arguments: {} });
      const reply = await handle({ method: 'POST', path: '/mcp', headers, body, platform });
      assert.deepEqual(
        { status: reply.status, body: JSON.parse(reply.body as string) },
        // On 200, as every error of a dispatched 2026-07-28 request but a few (httpStatusFor).
        { status: 200, body: { jsonrpc: '2.0', id: 1, error: { code: -32603, message: 'Internal error' } } },
      );
    }
  }
  assert.deepEqual(
    logged.map(([message, fields]) => [
      message,
      fields.requestId,
      (fields.error as Error).message.split('\n')[0],
    ]),
    [
      ['the answer cannot be serialized as JSON', 1, 'Do not know how to serialize a BigInt'],
      ['the answer cannot be serialized as JSON', 1, 'Converting circular structure to JSON'],
      ['the answer cannot be serialized as JSON', 1, 'Do not know how to serialize a BigInt'],
      ['the answer cannot be serialized as JSON', 1, 'Converting circular structure to JSON'],
    ],
  );
});
