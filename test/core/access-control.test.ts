import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createServer, silentLogger } from 'lambda-mcp';
import { apiKeyAuth, createKey, memoryKeyStore } from 'lambda-mcp/auth';
import { createExchangeHandler, type Exchange } from 'lambda-mcp/http';
import { createRateLimiter, memoryBucketStore, requestLimit } from 'lambda-mcp/limits';
import { mcpRequest } from 'lambda-mcp/testing';

const platform = { kind: 'other', name: 'test', request: undefined } as const;

async function setup(listUnauthorized?: 'hide' | 'show') {
  const store = memoryKeyStore();
  const reader = await createKey(store, { tenant: 'acme', name: 'reader', scopes: ['tasks:read'] });
  const writer = await createKey(store, {
    tenant: 'acme',
    name: 'writer',
    scopes: ['tasks:read', 'tasks:write'],
  });
  const server = createServer({
    name: 'acl',
    version: '1.0.0',
    logger: silentLogger,
    ...(listUnauthorized ? { listUnauthorized } : {}),
  });
  server.tool('list_tasks', { description: 'read', auth: { scopes: ['tasks:read'] } }, () => 'tasks');
  server.tool('create_task', { description: 'write', auth: { scopes: ['tasks:write'] } }, () => 'created');
  server.tool(
    'admin_only',
    { description: 'policy', auth: (auth) => auth?.claims.key_name === 'admin' },
    () => 'x',
  );
  server.prompt('plan', { description: 'write prompt', auth: { scopes: ['tasks:write'] } }, () => 'plan it');
  const limiter = createRateLimiter({
    rules: [
      { by: 'key', rate: 100, per: '1s', burst: 100 },
      { by: 'key', tool: 'list_tasks', rate: 1, per: '1h', burst: 2 },
    ],
  });
  const handle = createExchangeHandler(server, { auth: apiKeyAuth({ store }), limit: requestLimit(limiter) });
  const send = async (key: string | undefined, method: string, params: Record<string, unknown> = {}) => {
    const { headers, body } = mcpRequest(method, params);
    const exchange: Exchange = {
      method: 'POST',
      path: '/mcp',
      headers: key ? { ...headers, 'x-api-key': key } : headers,
      body,
      platform,
    };
    const reply = await handle(exchange);
    return { reply, json: JSON.parse(reply.body as string) };
  };
  return { send, reader: reader.key, writer: writer.key, handle };
}

describe('access control through the HTTP layer', () => {
  test('without a key: 401 with the challenge naming the header', async () => {
    const { send } = await setup();
    const { reply } = await send(undefined, 'tools/list');
    assert.equal(reply.status, 401);
    assert.equal(reply.headers['www-authenticate'], 'ApiKey header="x-api-key"');
  });

  test('lists show a caller only what its scopes allow; listUnauthorized: show lists everything', async () => {
    const { send, reader, writer } = await setup();
    const names = async (key: string) =>
      (await send(key, 'tools/list')).json.result.tools.map((t: { name: string }) => t.name);
    assert.deepEqual(await names(reader), ['list_tasks']);
    assert.deepEqual(await names(writer), ['list_tasks', 'create_task']);
    assert.deepEqual((await send(reader, 'prompts/list')).json.result.prompts, []);
    const shown = await setup('show');
    assert.equal((await shown.send(shown.reader, 'tools/list')).json.result.tools.length, 3);
  });

  test('a call without the scope is 403 with insufficient_scope naming it, and a clear message', async () => {
    const { send, reader } = await setup();
    const { reply, json } = await send(reader, 'tools/call', { name: 'create_task', arguments: {} });
    assert.equal(reply.status, 403);
    assert.match(reply.headers['www-authenticate'] ?? '', /error="insufficient_scope"/);
    assert.match(reply.headers['www-authenticate'] ?? '', /scope="tasks:write"/);
    assert.deepEqual(json.error, {
      code: -32003,
      message: 'Forbidden: tool create_task needs the scope tasks:write. Authorize with it and retry.',
      data: { requiredScopes: ['tasks:write'] },
    });
    const policy = await send(reader, 'tools/call', { name: 'admin_only', arguments: {} });
    assert.equal(policy.reply.status, 403);
    assert.equal(policy.json.error.message, 'Forbidden: this caller may not use tool admin_only.');
    const prompt = await send(reader, 'prompts/get', { name: 'plan' });
    assert.equal(prompt.reply.status, 403);
  });

  test('a tool limit answers a RATE_LIMITED tool error without running the tool; other tools go on', async () => {
    const { send, reader } = await setup();
    const call = () => send(reader, 'tools/call', { name: 'list_tasks', arguments: {} });
    assert.equal((await call()).json.result.content[0].text, 'tasks');
    assert.equal((await call()).json.result.content[0].text, 'tasks');
    const limited = (await call()).json.result;
    assert.equal(limited.isError, true);
    assert.match(
      limited.content[0].text,
      /^RATE_LIMITED: Rate limit for list_tasks exceeded\. Retry in \d+ seconds?/,
    );
    assert.equal((await send(reader, 'tools/list')).reply.status, 200);
  });

  test('a request limit answers 429 with Retry-After', async () => {
    const store = memoryKeyStore();
    const { key } = await createKey(store, { tenant: 't', name: 'n', scopes: [] });
    const server = createServer({ name: 'rl', version: '1', logger: silentLogger });
    server.tool('t', { description: 't' }, () => 'x');
    const limiter = createRateLimiter({ rules: [{ by: 'key', rate: 1, per: '1h', burst: 1 }] });
    const handle = createExchangeHandler(server, {
      auth: apiKeyAuth({ store }),
      limit: requestLimit(limiter),
    });
    const { headers, body } = mcpRequest('tools/list');
    const exchange = {
      method: 'POST',
      path: '/mcp',
      headers: { ...headers, 'x-api-key': key },
      body,
      platform,
    };
    assert.equal((await handle(exchange)).status, 200);
    const refused = await handle(exchange);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    // The refusal carries the id of the request it answers, which the client correlates by.
    const answer = JSON.parse(refused.body as string);
    assert.equal(answer.id, JSON.parse(body).id);
    assert.equal(answer.error.code, -32029);
    assert.match(answer.error.message, /^Rate limit exceeded: retry after \d+ s$/);
  });

  test('a tools/call of a tool the server does not have takes no per-tool bucket', async () => {
    const store = memoryKeyStore();
    const { key } = await createKey(store, { tenant: 't', name: 'n', scopes: [] });
    const server = createServer({ name: 'rl', version: '1', logger: silentLogger });
    server.tool('known', { description: 'k' }, () => 'x');
    const buckets = memoryBucketStore();
    const taken: string[] = [];
    const limiter = createRateLimiter({
      rules: [
        { by: 'key', rate: 100, per: '1s', burst: 100 },
        { by: 'key', tool: '*', rate: 1, per: '1h', burst: 5 },
      ],
      store: {
        take(bucket, ...rest) {
          // The bucket's name between the rule id and the caller: the tool, for a per-tool rule.
          taken.push(bucket.split('|').slice(1, -1).join('|'));
          return buckets.take(bucket, ...rest);
        },
      },
    });
    const handle = createExchangeHandler(server, {
      auth: apiKeyAuth({ store }),
      limit: requestLimit(limiter),
    });
    const call = async (name: string) => {
      const { headers, body } = mcpRequest('tools/call', { name, arguments: {} });
      const reply = await handle({
        method: 'POST',
        path: '/mcp',
        headers: { ...headers, 'x-api-key': key },
        body,
        platform,
      });
      return JSON.parse(reply.body as string);
    };

    assert.equal((await call('known')).result.content[0].text, 'x');
    // Made-up names: each would otherwise be a bucket of its own, in memory or in DynamoDB.
    for (const name of ['made-up-1', 'made-up-2', 'x'.repeat(3000)]) {
      assert.equal(
        (await call(name)).error.message,
        `Unknown tool: ${name}. Call tools/list to see the available tools.`,
      );
    }
    assert.deepEqual(taken, ['', 'known', '', '', '']);
  });

  test('/.well-known/mcp-config describes the credential the auth provider reads', async () => {
    const { handle } = await setup();
    const reply = await handle({
      method: 'GET',
      path: '/.well-known/mcp-config',
      headers: {},
      body: '',
      platform,
    });
    const schema = JSON.parse(reply.body as string);
    assert.deepEqual(schema.required, ['x-api-key']);
    assert.deepEqual(schema.properties['x-api-key'], {
      type: 'string',
      title: 'x-api-key header',
      description: 'API key for this server.',
      writeOnly: true,
      'x-mcp-header': 'x-api-key',
    });
  });

  test('the Server Card declares the header the auth provider reads', async () => {
    const { handle } = await setup();
    const card = await handle({
      method: 'GET',
      path: '/mcp/server-card',
      headers: { host: 'mcp.example.org' },
      body: '',
      platform,
    });
    const remote = JSON.parse(card.body as string).remotes[0];
    assert.deepEqual(remote.headers, [
      { name: 'x-api-key', description: 'API key for this server.', isRequired: true, isSecret: true },
    ]);
  });
});
