import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createExchangeHandler } from '../http/handle-exchange.ts';
import type { Logger } from '../log/logger.ts';
import { mcpRequest } from '../testing/mcp-request.ts';
import { createServer } from './create-server.ts';

const platform = { kind: 'other', name: 'test', request: undefined } as const;

function templateServer(errors: string[]) {
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (message) => errors.push(message) };
  const server = createServer({ name: 'resources', version: '1.0.0', logger });
  server.resourceTemplate('users://{name}/profile', { name: 'profile' }, (_uri, { name }) => `user ${name}`);
  return server;
}

test('a resources/read URI with malformed percent-encoding is an unknown resource, not an internal error', async () => {
  const errors: string[] = [];
  const handle = createExchangeHandler(templateServer(errors));
  const uri = 'users://%E0%A4%A/profile';
  const modern = await handle({
    method: 'POST',
    path: '/mcp',
    ...mcpRequest('resources/read', { uri }),
    platform,
  });
  assert.equal(modern.status, 400);
  assert.deepEqual(JSON.parse(modern.body as string).error, {
    code: -32602,
    message: `Resource not found: ${uri}`,
    data: { uri },
  });
  const legacy = await handle({
    method: 'POST',
    path: '/mcp',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'mcp-protocol-version': '2025-11-25',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'resources/read', params: { uri } }),
    platform,
  });
  assert.equal(legacy.status, 200);
  assert.deepEqual(JSON.parse(legacy.body as string).error, {
    code: -32002,
    message: `Resource not found: ${uri}`,
    data: { uri },
  });
  assert.deepEqual(errors, [], 'a client typo is not a server error');
});
