import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createExchangeHandler } from '../http/handle-exchange.ts';
import { silentLogger } from '../log/logger.ts';
import { META } from '../protocol/lane.ts';
import { mcpRequest } from '../testing/mcp-request.ts';
import { createServer } from './create-server.ts';

const platform = { kind: 'other', name: 'test', request: undefined } as const;

function inputServer() {
  const server = createServer({ name: 'input', version: '1.0.0', logger: silentLogger });
  server
    .tool('ask_form', { description: 'asks a form' }, (_input, ctx) => {
      const answer = ctx.elicit('name', {
        message: 'Your name?',
        requestedSchema: { type: 'object', properties: { name: { type: 'string' } } },
      });
      return answer.action;
    })
    .tool('ask_url', { description: 'sends the user to a page' }, (_input, ctx) => {
      const answer = ctx.elicit('consent', {
        mode: 'url',
        message: 'Connect your account',
        url: 'https://example.com/connect',
      });
      return answer.action;
    });
  return server;
}

async function callWith(tool: string, capabilities: Record<string, unknown>) {
  const handle = createExchangeHandler(inputServer());
  const request = mcpRequest('tools/call', {
    name: tool,
    _meta: { [META.clientCapabilities]: capabilities },
  });
  const reply = await handle({ method: 'POST', path: '/mcp', ...request, platform });
  return { status: reply.status, body: JSON.parse(reply.body as string) };
}

test('a url elicitation needs the client to declare elicitation.url: -32021 naming it', async () => {
  for (const elicitation of [{}, { form: {} }]) {
    const { status, body } = await callWith('ask_url', { elicitation });
    assert.equal(status, 400);
    assert.deepEqual(body.error, {
      code: -32021,
      message: 'Missing required client capability: elicitation.url',
      data: { requiredCapabilities: { elicitation: { url: {} } } },
    });
  }
});

test('a form elicitation needs form support: a client declaring only url gets -32021', async () => {
  const { status, body } = await callWith('ask_form', { elicitation: { url: {} } });
  assert.equal(status, 400);
  assert.deepEqual(body.error, {
    code: -32021,
    message: 'Missing required client capability: elicitation.form',
    data: { requiredCapabilities: { elicitation: { form: {} } } },
  });
});

test('each mode is asked of a client that declares it (an empty elicitation object means form)', async () => {
  for (const [tool, elicitation] of [
    ['ask_form', {}],
    ['ask_form', { form: {} }],
    ['ask_url', { url: {} }],
    ['ask_url', { form: {}, url: {} }],
  ] as const) {
    const { status, body } = await callWith(tool, { elicitation });
    assert.equal(status, 200, `${tool} with ${JSON.stringify(elicitation)}`);
    assert.equal(body.result.resultType, 'input_required');
  }
});

test('a client without elicitation at all is told elicitation, as before', async () => {
  const { body } = await callWith('ask_form', {});
  assert.deepEqual(body.error, {
    code: -32021,
    message: 'Missing required client capability: elicitation',
    data: { requiredCapabilities: { elicitation: {} } },
  });
});

function samplingServer() {
  const server = createServer({ name: 'sampling', version: '1.0.0', logger: silentLogger });
  server.tool('agentic', { description: 'samples with tools' }, (_input, ctx) => {
    const answer = ctx.sample('plan', {
      messages: [{ role: 'user', content: { type: 'text', text: 'Weather in Paris?' } }],
      tools: [
        { name: 'get_weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } },
      ],
      toolChoice: { mode: 'auto' },
      maxTokens: 100,
    });
    return String(answer.model);
  });
  return server;
}

test('a sampling request with tools needs sampling.tools: a client declaring plain sampling gets -32021', async () => {
  const handle = createExchangeHandler(samplingServer());
  const ask = async (sampling: Record<string, unknown>) => {
    const request = mcpRequest('tools/call', {
      name: 'agentic',
      _meta: { [META.clientCapabilities]: { sampling } },
    });
    const reply = await handle({ method: 'POST', path: '/mcp', ...request, platform });
    return { status: reply.status, body: JSON.parse(reply.body as string) };
  };
  const refused = await ask({});
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body.error, {
    code: -32021,
    message: 'Missing required client capability: sampling.tools',
    data: { requiredCapabilities: { sampling: { tools: {} } } },
  });
  const asked = await ask({ tools: {} });
  assert.equal(asked.status, 200);
  assert.equal(asked.body.result.resultType, 'input_required');
});

test('an input key named like an Object.prototype member is asked for, not answered by the prototype', async () => {
  const server = createServer({ name: 'input', version: '1.0.0', logger: silentLogger });
  server.tool('ask_constructor', { description: 'asks with a key named constructor' }, (_input, ctx) => {
    const answer = ctx.elicit('constructor', {
      message: 'Who built it?',
      requestedSchema: { type: 'object', properties: { who: { type: 'string' } } },
    });
    return String(answer.action);
  });
  const handle = createExchangeHandler(server);
  const request = mcpRequest('tools/call', {
    name: 'ask_constructor',
    _meta: { [META.clientCapabilities]: { elicitation: {} } },
  });
  const reply = await handle({ method: 'POST', path: '/mcp', ...request, platform });
  const { result } = JSON.parse(reply.body as string);
  assert.equal(result.resultType, 'input_required');
  assert.deepEqual(Object.keys(result.inputRequests), ['constructor']);
  assert.equal(result.inputRequests.constructor.method, 'elicitation/create');
});
