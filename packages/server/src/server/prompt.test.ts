import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createExchangeHandler } from '../http/handle-exchange.ts';
import { silentLogger } from '../log/logger.ts';
import { mcpRequest } from '../testing/mcp-request.ts';
import { createServer } from './create-server.ts';

const platform = { kind: 'other', name: 'test', request: undefined } as const;

async function getPrompt(args: Record<string, unknown>) {
  const server = createServer({ name: 'prompts', version: '1.0.0', logger: silentLogger });
  server.prompt(
    'explain',
    {
      arguments: [
        { name: 'constructor', required: true },
        { name: 'toString', required: true },
      ],
    },
    (values) => `explain ${values.constructor} ${values.toString}`,
  );
  const request = mcpRequest('prompts/get', { name: 'explain', arguments: args });
  const reply = await createExchangeHandler(server)({ method: 'POST', path: '/mcp', ...request, platform });
  return { status: reply.status, body: JSON.parse(reply.body as string) };
}

test('a required prompt argument named like an Object.prototype member is still required', async () => {
  const { status, body } = await getPrompt({});
  assert.equal(status, 400);
  assert.deepEqual(body.error, {
    code: -32602,
    message: 'Missing required arguments for prompt explain: constructor, toString',
  });
});

test('such arguments, when given, reach the handler', async () => {
  const { body } = await getPrompt({ constructor: 'a', toString: 'b' });
  assert.deepEqual(body.result.messages, [{ role: 'user', content: { type: 'text', text: 'explain a b' } }]);
});
