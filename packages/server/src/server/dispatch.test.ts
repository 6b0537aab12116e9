import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createExchangeHandler } from '../http/handle-exchange.ts';
import { silentLogger } from '../log/logger.ts';
import { createServer } from './create-server.ts';

const platform = { kind: 'other', name: 'test', request: undefined } as const;

/** A 2025-11-25 request, as the 1.x client sends it after initialize. */
async function legacy(method: string, params?: Record<string, unknown>) {
  const server = createServer({ name: 'dispatch', version: '1.0.0', logger: silentLogger });
  server.tool('noop', { description: 'noop' }, () => 'ok');
  const reply = await createExchangeHandler(server)({
    method: 'POST',
    path: '/mcp',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 7, method, ...(params && { params }) }),
    platform,
  });
  return { status: reply.status, body: JSON.parse(reply.body as string) };
}

test('logging/setLevel accepts each RFC 5424 level with an empty result', async () => {
  for (const level of ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']) {
    assert.deepEqual((await legacy('logging/setLevel', { level })).body, {
      jsonrpc: '2.0',
      id: 7,
      result: {},
    });
  }
});

test('logging/setLevel refuses a missing or unknown level with -32602, as the logging utility says', async () => {
  for (const params of [undefined, {}, { level: 'verbose' }, { level: 3 }, { level: 'INFO' }]) {
    const { status, body } = await legacy('logging/setLevel', params);
    assert.equal(status, 200, 'a 2025 client reads JSON-RPC errors from 2xx answers');
    assert.deepEqual(
      body.error,
      {
        code: -32602,
        message:
          'Invalid params: logging/setLevel requires params.level, one of debug, info, notice, warning, error, critical, alert, emergency',
      },
      JSON.stringify(params),
    );
  }
});
