import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createExchangeHandler } from '../http/handle-exchange.ts';
import type { Logger } from '../log/logger.ts';
import { mcpRequest } from '../testing/mcp-request.ts';
import { createServer } from './create-server.ts';

const platform = { kind: 'other', name: 'test', request: undefined } as const;

async function complete(params: Record<string, unknown>, errors: string[] = []) {
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (message) => errors.push(message) };
  const server = createServer({ name: 'completion', version: '1.0.0', logger });
  server.prompt('trip', { arguments: [{ name: 'country' }, { name: 'city' }] }, () => 'go', {
    complete: {
      city: (value, { arguments: context }) =>
        ['Porto', 'Paris'].filter((c) => c.startsWith(value) && (context.country ?? '').startsWith('P')),
    },
  });
  const reply = await createExchangeHandler(server)({
    method: 'POST',
    path: '/mcp',
    ...mcpRequest('completion/complete', params),
    platform,
  });
  return { status: reply.status, body: JSON.parse(reply.body as string) };
}

const ref = { type: 'ref/prompt', name: 'trip' };

test('completes a prompt argument from its value and the context arguments', async () => {
  const { body } = await complete({
    ref,
    argument: { name: 'city', value: 'Po' },
    context: { arguments: { country: 'Portugal' } },
  });
  assert.deepEqual(body.result.completion, { values: ['Porto'], total: 1, hasMore: false });
});

test('refuses an argument value that is missing or not a string with -32602', async () => {
  for (const argument of [{ name: 'city' }, { name: 'city', value: 5 }, { name: 'city', value: { a: 1 } }]) {
    const { status, body } = await complete({ ref, argument });
    assert.equal(status, 400);
    assert.deepEqual(
      body.error,
      { code: -32602, message: 'Invalid params: completion/complete needs ref and argument {name, value}' },
      JSON.stringify(argument),
    );
  }
});

test('refuses context arguments that are not strings with -32602, before they reach the source', async () => {
  const errors: string[] = [];
  const { status, body } = await complete(
    { ref, argument: { name: 'city', value: 'P' }, context: { arguments: { country: 7 } } },
    errors,
  );
  assert.equal(status, 400);
  assert.deepEqual(body.error, {
    code: -32602,
    message: 'Invalid params: completion/complete context.arguments.country must be a string',
  });
  assert.deepEqual(errors, []);
});
