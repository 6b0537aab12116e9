// The everything fixture's tools do what their descriptions say.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createInProcessFetch, mcpRequest } from 'lambda-mcp/testing';
import { server } from '../src/server.ts';

const call = createInProcessFetch(server);

async function post(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const { headers, body } = mcpRequest(method, params);
  const response = await call('http://in-process.test/mcp', { method: 'POST', headers, body });
  const text = await response.text();
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) return [JSON.parse(text)];
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)));
}

test('test_logging_tool logs at the levels its description names, then answers', async () => {
  const [listed] = await post('tools/list', {});
  const tools = (listed!.result as { tools: { name: string; description: string }[] }).tools;
  assert.equal(
    tools.find((tool) => tool.name === 'test_logging_tool')?.description,
    'Logs at debug, info and warning, then answers.',
  );
  const messages = await post('tools/call', {
    name: 'test_logging_tool',
    arguments: {},
    _meta: { 'io.modelcontextprotocol/logLevel': 'debug' },
  });
  assert.deepEqual(
    messages
      .filter((message) => message.method === 'notifications/message')
      .map((message) => (message.params as { level: string }).level),
    ['debug', 'info', 'warning'],
  );
});

async function callWithAnswers(
  name: string,
  inputResponses: Record<string, unknown>,
  args: Record<string, unknown> = {},
) {
  const [reply] = await post('tools/call', { name, arguments: args, inputResponses });
  return reply!.result as { content?: { text: string }[]; isError?: boolean; resultType: string };
}

test('a sampling answer whose content is an array of blocks (as CreateMessageResult allows) is read', async () => {
  const answer = { role: 'assistant', model: 'test', content: [{ type: 'text', text: 'Paris' }] };
  const sampled = await callWithAnswers('test_input_required_result_sampling', { capital_question: answer });
  assert.deepEqual(sampled.content, [{ type: 'text', text: 'The model answered: Paris' }]);
  const asked = await callWithAnswers('test_sampling', { completion: answer }, { prompt: 'Capital?' });
  assert.deepEqual(asked.content, [{ type: 'text', text: 'LLM response: Paris' }]);
});

test('a roots answer without a roots array is asked again, not a tool failure', async () => {
  const [reply] = await post('tools/call', {
    name: 'test_input_required_result_list_roots',
    arguments: {},
    inputResponses: { client_roots: { roots: 'file:///x' } },
    _meta: { 'io.modelcontextprotocol/clientCapabilities': { roots: {} } },
  });
  const result = reply!.result as { resultType: string; isError?: boolean; inputRequests?: unknown };
  assert.equal(result.resultType, 'input_required');
  assert.equal(result.isError, undefined);
  assert.deepEqual(result.inputRequests, { client_roots: { method: 'roots/list', params: {} } });
});
