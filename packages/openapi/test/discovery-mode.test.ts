import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { createOpenApiServer } from '@lambda-mcp/openapi';
import { capturingLogger } from './capturing-logger.ts';
import { lambdaCaller } from './lambda-caller.ts';
import { type RecordingUpstream, startRecordingUpstream } from './recording-upstream.ts';

const SPEC = readFileSync(new URL('fixtures/recording-api.yaml', import.meta.url), 'utf8');
const KEY = 'sk_live_discovery_key_42';

let upstream: RecordingUpstream;
let caller: ReturnType<typeof lambdaCaller>;
const logger = capturingLogger();

before(async () => {
  upstream = await startRecordingUpstream(() => ({
    status: 201,
    headers: { 'content-type': 'application/json' },
    body: '{"id":"i-9","name":"Write"}',
  }));
  // A threshold below the fixture's 14 operations: what a 1,000-operation API gets by default.
  const { server, mode } = await createOpenApiServer(SPEC, {
    baseUrl: upstream.url,
    discoveryThreshold: 5,
    server: { logger },
  });
  assert.equal(mode, 'discovery');
  caller = lambdaCaller(server, KEY);
});
after(() => upstream.close());

test('search finds operations by words, best match first, with the total', async () => {
  const result = await caller.call('search_operations', { query: 'create item', limit: 2 });
  assert.deepEqual(JSON.parse(result.content[0]?.text ?? ''), {
    total: 3,
    operations: [
      { name: 'createItem', method: 'POST', path: '/items', summary: 'Create an item' },
      { name: 'getItem', method: 'GET', path: '/items/{id}', summary: 'Get one item' },
    ],
  });
});

test('describe gives the input schema of one operation; an unknown name says what to do', async () => {
  const result = await caller.call('describe_operation', { name: 'createItem' });
  const described = JSON.parse(result.content[0]?.text ?? '');
  assert.equal(described.method, 'POST');
  assert.deepEqual(Object.keys(described.inputSchema.properties), ['dryRun', 'name', 'priority', 'note']);
  const unknown = await caller.call('describe_operation', { name: 'makeItem' });
  assert.equal(unknown.isError, true);
  assert.equal(
    unknown.content[0]?.text,
    'NOT_FOUND: Recording API has no operation named "makeItem". Call search_operations to find one.',
  );
});

test('call validates the arguments against the operation schema before any upstream call', async () => {
  const result = await caller.call('call_operation', {
    name: 'createItem',
    arguments: { name: 'a', priority: 9 },
  });
  assert.equal(result.isError, true);
  assert.equal(
    result.content[0]?.text,
    'VALIDATION_ERROR: Invalid arguments for tool createItem: priority must be <= 5',
  );
  const unknown = await caller.call('call_operation', {
    name: 'createItem',
    arguments: { name: 'a', title: 'a' },
  });
  assert.equal(
    unknown.content[0]?.text,
    'VALIDATION_ERROR: Unknown argument "title" for tool createItem. Accepted arguments: dryRun, name, priority, note.',
  );
  assert.equal(upstream.requests.length, 0);
});

test("call makes the request with the caller's key and returns the API's answer", async () => {
  const result = await caller.call('call_operation', { name: 'createItem', arguments: { name: 'Write' } });
  assert.deepEqual(result.structuredContent, { id: 'i-9', name: 'Write' });
  const [request] = upstream.requests;
  assert.equal(request?.method, 'POST');
  assert.equal(request?.url, '/items');
  assert.equal(request?.headers['x-api-key'], KEY);
  assert.equal(request?.body.toString(), '{"name":"Write"}');
  for (const line of logger.lines) assert.ok(!line.includes(KEY), line);
});

test('an answer its output schema refuses is the API at fault, not the arguments nor this server: it says the call went through and gives the answer', async () => {
  const broken = await startRecordingUpstream(() => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: '{}',
  }));
  try {
    const spec = {
      openapi: '3.1.0',
      info: { title: 'Totals', version: '1' },
      paths: {
        '/total': {
          get: {
            operationId: 'getTotal',
            responses: {
              '200': {
                description: 'the total',
                content: {
                  'application/json': {
                    schema: {
                      type: 'object',
                      required: ['total'],
                      properties: { total: { type: 'number' } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    const { server } = await createOpenApiServer(spec, {
      baseUrl: broken.url,
      mode: 'discovery',
      server: { logger },
    });

    const result = await lambdaCaller(server, KEY).call('call_operation', { name: 'getTotal' });

    assert.equal(result.isError, true);
    assert.equal(
      result.content[0]?.text,
      'UPSTREAM_ERROR: The API answered getTotal with 200: the call went through, but the answer does not match the schema the API documents (total is required), so it is given here as text. If getTotal changes something, it took effect: do not call it again for that. The answer: {}',
    );
    assert.ok(
      logger.lines.some((line) => line.includes('upstream answer does not match its documented schema')),
    );
  } finally {
    await broken.close();
  }
});

test('an operation is found by its tool name, its operationId as the document writes it, or METHOD /path', async () => {
  const { server } = await createOpenApiServer(
    {
      openapi: '3.1.0',
      info: { title: 'Mail', version: '1' },
      paths: {
        '/users/{userId}/messages': {
          get: {
            operationId: 'users.messages.list',
            parameters: [{ name: 'userId', in: 'path', required: true, schema: { type: 'string' } }],
            responses: { '200': { description: 'messages' } },
          },
        },
      },
    },
    { baseUrl: upstream.url, mode: 'discovery', server: { logger } },
  );
  const mail = lambdaCaller(server, KEY);
  const named: unknown[] = [];
  for (const name of ['users_messages_list', 'users.messages.list', 'GET /users/{userId}/messages']) {
    const described = await mail.call('describe_operation', { name });
    named.push(JSON.parse(described.content[0]?.text ?? '{}').name);
    const before = upstream.requests.length;
    await mail.call('call_operation', { name, arguments: { userId: 'me' } });
    assert.equal(upstream.requests.at(before)?.url, '/users/me/messages', name);
  }
  assert.deepEqual(named, ['users_messages_list', 'users_messages_list', 'users_messages_list']);
});
