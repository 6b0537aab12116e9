import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createServer, type Logger, type McpServer, silentLogger, ToolError } from 'lambda-mcp';
import { createExchangeHandler, type Exchange, type HttpOptions } from 'lambda-mcp/http';
import { mcpRequest } from 'lambda-mcp/testing';
import * as z from 'zod';

const platform = { kind: 'other', name: 'test', request: undefined } as const;

function recordingLogger() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push({ level, message, fields });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, logger };
}

const CONSTANT = { content: [{ type: 'text' as const, text: 'same object every call' }] };

function buildServer(logger: Logger = silentLogger): McpServer {
  const server = createServer({ name: 'rules', version: '1.0.0', logger });
  server.tool('constant', { description: 'returns one shared object' }, () => CONSTANT);
  server.tool(
    'create',
    {
      description: 'create',
      input: z.object({ title: z.string(), priority: z.enum(['low', 'high']).optional() }),
    },
    ({ title }) => title,
  );
  server.tool(
    'plain',
    {
      description: 'plain JSON Schema',
      input: { type: 'object', properties: { a: { type: 'number' } }, required: ['a'] },
    },
    () => 'ok',
  );
  server.tool('loose', { description: 'keeps extras', input: z.looseObject({ a: z.number() }) }, () => 'ok');
  server.tool('swallows', { description: 'catches its own elicitation' }, (_input, ctx) => {
    try {
      ctx.elicit('confirm', { message: 'Sure?', requestedSchema: { type: 'object', properties: {} } });
    } catch {
      // a user's catch-all
    }
    return 'guessed without asking';
  });
  server.tool('two_steps', { description: 'asks one question per round' }, (_input, ctx) => {
    const form = { type: 'object' as const, properties: {} };
    const first = ctx.elicit('first', { message: 'First?', requestedSchema: form });
    const second = ctx.elicit('second', { message: 'Second?', requestedSchema: form });
    return `${first.action} ${second.action}`;
  });
  server.tool(
    'chatty',
    { description: 'progress then a result', input: z.object({ n: z.number() }) },
    ({ n }, ctx) => {
      for (let i = 0; i < n; i++) ctx.progress(i, n, 'x'.repeat(400));
      return 'r'.repeat(300);
    },
  );
  server.resourceTemplate(
    'notes://{id}',
    { name: 'note' },
    (_uri, { id }) => {
      if (id === 'down')
        throw new ToolError('The notes database is unavailable. Try again in a minute.', {
          code: 'SERVICE_UNAVAILABLE',
        });
      throw new ToolError(`Note ${id} not found. Call resources/list to see the notes.`, {
        code: 'NOT_FOUND',
      });
    },
    {
      list: (_ctx, { cursor }) => {
        const start = cursor === undefined ? 0 : Number(cursor);
        const resources = [start, start + 1].map((i) => ({ uri: `notes://${i}`, name: `note ${i}` }));
        return start < 4 ? { resources, nextCursor: String(start + 2) } : { resources };
      },
    },
  );
  server.prompt(
    'outage',
    { description: 'fails like a database outage' },
    () => {
      throw new ToolError('The notes database is unavailable.', { code: 'SERVICE_UNAVAILABLE' });
    },
    { complete: { topic: () => ['alpha', 'beta'] } },
  );
  return server;
}

function exchange(
  method: string,
  params: Record<string, unknown> = {},
  extra: Partial<Exchange> = {},
): Exchange {
  const { headers, body } = mcpRequest(method, params);
  return { method: 'POST', path: '/mcp', headers, body, platform, ...extra };
}

function legacyExchange(method: string, params: Record<string, unknown> = {}): Exchange {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json',
    'mcp-protocol-version': '2025-06-18',
  };
  return { method: 'POST', path: '/mcp', headers, body, platform };
}

async function call(server: McpServer, ex: Exchange, options: HttpOptions = {}) {
  const reply = await createExchangeHandler(server, options)(ex);
  let text = '';
  if (typeof reply.body === 'string') text = reply.body;
  else for await (const chunk of reply.body) text += chunk;
  const json = reply.headers['content-type'] === 'application/json' && text ? JSON.parse(text) : undefined;
  return { reply, text, json };
}

describe('answer form from Accept', () => {
  const server = buildServer();
  for (const [accept, type] of [
    ['text/event-stream', 'text/event-stream'],
    ['text/*', 'text/event-stream'],
    ['application/json;q=0, */*', 'text/event-stream'],
    ['*/*', 'application/json'],
    ['application/json, text/event-stream', 'application/json'],
  ] as const) {
    test(`Accept: ${accept} gets ${type}`, async () => {
      const ex = exchange('tools/call', { name: 'create', arguments: { title: 't' } });
      const { reply, text } = await call(server, { ...ex, headers: { ...ex.headers, accept } });
      assert.equal(reply.headers['content-type'], type);
      assert.match(text, /"text":"t"/);
    });
  }
});

describe('cache hints per list', () => {
  test('resources/list computed per request by a template is not cached; static lists are', async () => {
    const server = buildServer();
    const resources = await call(server, exchange('resources/list'));
    assert.deepEqual([resources.json.result.ttlMs, resources.json.result.cacheScope], [0, 'private']);
    const tools = await call(server, exchange('tools/list'));
    assert.deepEqual([tools.json.result.ttlMs, tools.json.result.cacheScope], [300_000, 'public']);
  });

  test('a per-list hint overrides the default', async () => {
    const server = createServer({
      name: 'c',
      version: '1',
      logger: silentLogger,
      cache: { tools: { ttlMs: 5, scope: 'private' } },
    });
    server.tool('t', { description: 't' }, () => 'x');
    const { json } = await call(server, exchange('tools/list'));
    assert.deepEqual([json.result.ttlMs, json.result.cacheScope], [5, 'private']);
  });
});

describe('resources/list pages through a template list', () => {
  test('follows the template cursor to the end, and refuses a forged cursor', async () => {
    const server = buildServer();
    const uris: string[] = [];
    let cursor: string | undefined;
    do {
      const { json } = await call(server, exchange('resources/list', cursor ? { cursor } : {}));
      uris.push(...json.result.resources.map((r: { uri: string }) => r.uri));
      cursor = json.result.nextCursor;
    } while (cursor);
    assert.deepEqual(uris, ['notes://0', 'notes://1', 'notes://2', 'notes://3', 'notes://4', 'notes://5']);
    const forged = Buffer.from('resources/list:{"segment":9}').toString('base64url');
    const { reply, json } = await call(server, exchange('resources/list', { cursor: forged }));
    assert.equal(reply.status, 400);
    assert.deepEqual(json.error, {
      code: -32602,
      message: 'Invalid cursor: use the nextCursor value from a previous resources/list result',
    });
  });
});

describe('ToolError in resources, prompts and completions', () => {
  test('NOT_FOUND in resources/read is -32602 on 2026-07-28 and -32002 on 2025, with the message kept', async () => {
    const server = buildServer();
    const modern = await call(server, exchange('resources/read', { uri: 'notes://7' }));
    assert.equal(modern.reply.status, 400);
    assert.deepEqual(modern.json.error, {
      code: -32602,
      message: 'NOT_FOUND: Note 7 not found. Call resources/list to see the notes.',
      data: { uri: 'notes://7', code: 'NOT_FOUND' },
    });
    const legacy = await call(server, legacyExchange('resources/read', { uri: 'notes://7' }));
    assert.equal(legacy.reply.status, 200);
    assert.equal(legacy.json.error.code, -32002);
  });

  test('SERVICE_UNAVAILABLE in a read or a prompt is -32603 with the message and its code', async () => {
    const server = buildServer();
    const read = await call(server, exchange('resources/read', { uri: 'notes://down' }));
    // On 200: the official 2.x client reads a JSON-RPC error from a 200 or a 400 only.
    assert.equal(read.reply.status, 200);
    assert.deepEqual(read.json.error, {
      code: -32603,
      message: 'SERVICE_UNAVAILABLE: The notes database is unavailable. Try again in a minute.',
      data: { code: 'SERVICE_UNAVAILABLE' },
    });
    const prompt = await call(server, exchange('prompts/get', { name: 'outage' }));
    assert.equal(prompt.json.error.message, 'SERVICE_UNAVAILABLE: The notes database is unavailable.');
  });
});

describe('completion looks up own properties only', () => {
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
    test(`argument ${name} completes to nothing`, async () => {
      const { json } = await call(
        buildServer(),
        exchange('completion/complete', {
          ref: { type: 'ref/prompt', name: 'outage' },
          argument: { name, value: '' },
        }),
      );
      assert.deepEqual(json.result.completion, { values: [], total: 0, hasMore: false });
    });
  }
});

describe('results and input rounds', () => {
  test('a constant result object is never mutated, and 2025 answers carry no 2026 fields', async () => {
    const server = buildServer();
    const modern = await call(server, exchange('tools/call', { name: 'constant' }));
    assert.equal(modern.json.result.resultType, 'complete');
    assert.deepEqual(CONSTANT, { content: [{ type: 'text', text: 'same object every call' }] });
    const legacy = await call(server, legacyExchange('tools/call', { name: 'constant' }));
    assert.deepEqual(legacy.json.result, CONSTANT);
  });

  test('an input request a handler caught still ends the round, and the log says so', async () => {
    const { lines, logger } = recordingLogger();
    const ex = exchange('tools/call', { name: 'swallows' });
    const body = JSON.parse(ex.body as string);
    body.params._meta['io.modelcontextprotocol/clientCapabilities'] = { elicitation: {} };
    const { json } = await call(buildServer(logger), { ...ex, body: JSON.stringify(body) });
    assert.equal(json.result.resultType, 'input_required');
    assert.deepEqual(Object.keys(json.result.inputRequests), ['confirm']);
    assert.equal(
      lines.find((l) => l.level === 'warn')?.message,
      'handler caught its own input request; rethrow errors you do not handle',
    );
  });

  test('under a requestState, inputResponses count only for the ids its round asked', async () => {
    const server = buildServer();
    const capable = { 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } };
    const round = async (params: Record<string, unknown>) =>
      (await call(server, exchange('tools/call', { name: 'two_steps', ...params, _meta: capable }))).json
        .result;
    const accept = { action: 'accept', content: {} };
    // With no requestState, answers given ahead of the questions are taken (the official
    // conformance suite's input-required-result-ignore-extra-params sends them so), and
    // answers to ids never asked are ignored.
    const ahead = await round({ inputResponses: { first: accept, second: accept, extra: accept } });
    assert.deepEqual(ahead.content, [{ type: 'text', text: 'accept accept' }]);
    const unasked = await round({});
    assert.deepEqual(Object.keys(unasked.inputRequests), ['first']);
    // Answering the next question ahead of time is ignored too.
    const early = await round({
      inputResponses: { first: { action: 'decline' }, second: accept },
      requestState: unasked.requestState,
    });
    assert.deepEqual(Object.keys(early.inputRequests), ['second']);
    // The retry cannot rewrite an answer the state already carries.
    const done = await round({
      inputResponses: { first: accept, second: accept },
      requestState: early.requestState,
    });
    assert.deepEqual(done.content, [{ type: 'text', text: 'decline accept' }]);
  });

  test('a requestState is bound to the subject within its tenant', async () => {
    const server = buildServer();
    // One user (the same `sub`) signed in to two organizations: x-tenant picks which.
    const auth = {
      authenticate: (ex: Exchange) => ({
        subject: 'alice',
        tenant: ex.headers['x-tenant'] ?? 'acme',
        scopes: [],
        claims: {},
      }),
    };
    const capable = { 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } };
    const send = async (tenant: string, params: Record<string, unknown>) => {
      const ex = exchange('tools/call', { name: 'two_steps', ...params, _meta: capable });
      return call(server, { ...ex, headers: { ...ex.headers, 'x-tenant': tenant } }, { auth });
    };
    const first = (await send('acme', {})).json.result;
    const retry = { inputResponses: { first: { action: 'accept' } }, requestState: first.requestState };
    assert.deepEqual(Object.keys((await send('acme', retry)).json.result.inputRequests), ['second']);
    const { reply, json } = await send('globex', retry);
    assert.equal(reply.status, 400);
    assert.deepEqual(json.error, {
      code: -32602,
      message:
        'Invalid requestState: it was modified, or it belongs to a different request or caller. Retry the original request without requestState.',
    });
  });

  test('deeply nested arguments with a requestState are -32602, not a stack overflow', async () => {
    // Built as text: a client sends bytes, and this depth is past what JSON.stringify handles.
    const depth = 3000;
    const deep = `${'{"n":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const ex = exchange('tools/call', { name: 'constant', arguments: { deep: 0 }, requestState: 'x.y' });
    const body = (ex.body as string).replace('{"deep":0}', `{"deep":${deep}}`);
    const { reply, json } = await call(buildServer(), { ...ex, body });
    assert.equal(reply.status, 400);
    assert.deepEqual(json.error, {
      code: -32602,
      message: 'Invalid params: arguments nest deeper than 64 levels',
    });
  });
});

describe('tool arguments', () => {
  test('an undeclared argument is a VALIDATION_ERROR naming it and the accepted ones', async () => {
    const { json } = await call(
      buildServer(),
      exchange('tools/call', { name: 'create', arguments: { title: 't', prio: 'high' } }),
    );
    assert.equal(json.result.isError, true);
    assert.equal(
      json.result.content[0].text,
      'VALIDATION_ERROR: Unknown argument "prio" for tool create. Accepted arguments: title, priority.',
    );
    const plain = await call(
      buildServer(),
      exchange('tools/call', { name: 'plain', arguments: { a: 1, b: 2 } }),
    );
    assert.equal(
      plain.json.result.content[0].text,
      'VALIDATION_ERROR: Unknown argument "b" for tool plain. Accepted arguments: a.',
    );
  });

  test('arguments declared through oneOf or $ref are known, and a typo is still refused', async () => {
    const server = createServer({ name: 'u', version: '1', logger: silentLogger });
    const union = {
      type: 'object',
      oneOf: [
        { properties: { kind: { const: 'a' }, a: { type: 'string' } }, required: ['kind', 'a'] },
        { $ref: '#/$defs/b' },
      ],
      $defs: { b: { properties: { kind: { const: 'b' }, b: { type: 'number' } }, required: ['kind', 'b'] } },
    };
    server.tool('union', { description: 'union', input: union }, (input) => JSON.stringify(input));
    const a = await call(server, exchange('tools/call', { name: 'union', arguments: { kind: 'a', a: 'x' } }));
    assert.deepEqual(a.json.result.content, [{ type: 'text', text: '{"kind":"a","a":"x"}' }]);
    const b = await call(server, exchange('tools/call', { name: 'union', arguments: { kind: 'b', b: 1 } }));
    assert.deepEqual(b.json.result.content, [{ type: 'text', text: '{"kind":"b","b":1}' }]);
    const typo = await call(
      server,
      exchange('tools/call', { name: 'union', arguments: { kind: 'b', b: 1, bb: 2 } }),
    );
    assert.equal(
      typo.json.result.content[0].text,
      'VALIDATION_ERROR: Unknown argument "bb" for tool union. Accepted arguments: kind, a, b.',
    );
  });

  test('a schema that admits extras, or unknownArguments: allow, keeps them', async () => {
    const { json } = await call(
      buildServer(),
      exchange('tools/call', { name: 'loose', arguments: { a: 1, extra: true } }),
    );
    assert.deepEqual(json.result.content, [{ type: 'text', text: 'ok' }]);
    const server = createServer({ name: 'a', version: '1', logger: silentLogger, unknownArguments: 'allow' });
    server.tool('t', { description: 't', input: z.object({ a: z.number() }) }, () => 'ok');
    const allowed = await call(server, exchange('tools/call', { name: 't', arguments: { a: 1, b: 2 } }));
    assert.equal(allowed.json.result.isError, undefined);
  });

  test('a missing required field reads "is required"', async () => {
    const { json } = await call(buildServer(), exchange('tools/call', { name: 'create', arguments: {} }));
    assert.equal(
      json.result.content[0].text,
      'VALIDATION_ERROR: Invalid arguments for tool create: title is required',
    );
  });
});

describe('structured output of another shape than an object', () => {
  const server = createServer({ name: 'shapes', version: '1', logger: silentLogger });
  server.tool('evens', { description: 'evens', output: z.array(z.number()) }, () => [2, 4]);

  test('2026-07-28 clients get the outputSchema and the structuredContent', async () => {
    const list = await call(server, exchange('tools/list'));
    assert.deepEqual(list.json.result.tools[0].outputSchema, { type: 'array', items: { type: 'number' } });
    const { json } = await call(server, exchange('tools/call', { name: 'evens', arguments: {} }));
    assert.deepEqual(json.result.structuredContent, [2, 4]);
  });

  test('2025 clients, whose schema allows only objects there, get neither, and the JSON text', async () => {
    const list = await call(server, legacyExchange('tools/list'));
    assert.deepEqual(list.json.result.tools, [
      { name: 'evens', description: 'evens', inputSchema: { type: 'object', properties: {} } },
    ]);
    const { json } = await call(server, legacyExchange('tools/call', { name: 'evens', arguments: {} }));
    assert.deepEqual(json.result, { content: [{ type: 'text', text: '[2,4]' }] });
  });
});

describe('transport answers', () => {
  test('an error whose id is unknown omits it on 2026-07-28 and sends null to older clients', async () => {
    const modern = exchange('tools/list');
    const broken = await call(buildServer(), { ...modern, body: '{not json' });
    assert.deepEqual(broken.json, {
      jsonrpc: '2.0',
      error: { code: -32700, message: 'Parse error: the body is not valid JSON' },
    });
    const old = legacyExchange('tools/list');
    const brokenOld = await call(buildServer(), { ...old, body: '{not json' });
    assert.equal(brokenOld.json.id, null);
  });

  test('a server mounted under a prefix says how to serve it there, and basePath does', async () => {
    const server = buildServer();
    const lost = await call(server, { ...exchange('tools/list'), path: '/v2/mcp' });
    assert.equal(lost.reply.status, 404);
    assert.deepEqual(lost.json, {
      error: 'not_found',
      message:
        "No route for /v2/mcp. The MCP endpoint is /mcp. If this server is mounted under /v2, pass { basePath: '/v2' } (or { endpoint: '/v2/mcp' }) to the adapter.",
    });
    const mounted = await call(server, { ...exchange('tools/list'), path: '/v2/mcp' }, { basePath: '/v2' });
    assert.equal(mounted.reply.status, 200);
  });

  test('a buffered answer with many notifications drops notifications first and keeps the result', async () => {
    const limit = { maxBytes: 3000 };
    const { reply, text } = await call(
      buildServer(),
      exchange('tools/call', { name: 'chatty', arguments: { n: 20 }, _meta: { progressToken: 'p' } }),
      { resultLimit: limit },
    );
    assert.equal(reply.headers['content-type'], 'text/event-stream');
    assert.ok(new TextEncoder().encode(text).length <= limit.maxBytes, `${text.length} bytes`);
    const events = text
      .split('\n\n')
      .filter(Boolean)
      .map((e) => JSON.parse(e.split('data: ')[1] ?? ''));
    const final = events.at(-1);
    assert.equal(final.result.content[0].text, 'r'.repeat(300));
    assert.ok(events.length > 1 && events.length < 21, `kept ${events.length - 1} of 20 notifications`);
  });
});

describe('CORS for allowed origins', () => {
  const options = { allowedOrigins: ['https://app.example'] };
  test('answers the preflight of an allowed origin with the MCP headers, and nothing for others', async () => {
    const handle = createExchangeHandler(buildServer(), options);
    const preflight = await handle({
      method: 'OPTIONS',
      path: '/mcp',
      headers: {
        origin: 'https://app.example',
        'access-control-request-headers': 'content-type, mcp-method, mcp-param-region',
      },
      body: '',
      platform,
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://app.example');
    assert.match(
      preflight.headers['access-control-allow-headers'] ?? '',
      /mcp-protocol-version.*mcp-param-region$/,
    );
    const refused = await handle({
      method: 'OPTIONS',
      path: '/mcp',
      headers: { origin: 'https://evil.example' },
      body: '',
      platform,
    });
    assert.equal(refused.headers['access-control-allow-origin'], undefined);
  });

  test('the answer to an allowed origin carries it back', async () => {
    const ex = exchange('tools/list');
    const { reply } = await call(
      buildServer(),
      { ...ex, headers: { ...ex.headers, origin: 'https://app.example' } },
      options,
    );
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['access-control-allow-origin'], 'https://app.example');
    assert.equal(reply.headers.vary, 'Origin');
  });
});
