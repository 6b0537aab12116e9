import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { ALBEvent, APIGatewayProxyEvent, Context } from 'aws-lambda';
import { createHandler } from '../adapters/lambda/create-handler.ts';
import { createServer } from '../server/create-server.ts';
import { createInProcessFetch } from './in-process-fetch.ts';
import { albEvent, httpApiEvent, lambdaContext, restApiEvent } from './lambda-events.ts';
import { mcpRequest } from './mcp-request.ts';
import { serveLambdaHandler } from './serve-lambda-handler.ts';
import { startTestServer } from './test-server.ts';

const server = () =>
  createServer({ name: 'testing/helpers', version: '0.0.1' }).tool(
    'ping_tool',
    { description: 'Answers pong.' },
    () => 'pong',
  );

const callTool = {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ping_tool' } }),
};

test('startTestServer serves the MCP endpoint on a loopback port and closes', async () => {
  const running = await startTestServer(server());
  assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  const response = await fetch(running.url, callTool);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {
    jsonrpc: '2.0',
    id: 1,
    result: { content: [{ type: 'text', text: 'pong' }] },
  });
  await running.close();
  await assert.rejects(fetch(running.url, callTool));
});

test('createInProcessFetch answers through the fetch adapter without a socket', async () => {
  const inProcess = createInProcessFetch(server());
  const response = await inProcess('http://in-process.test/mcp', callTool);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {
    jsonrpc: '2.0',
    id: 1,
    result: { content: [{ type: 'text', text: 'pong' }] },
  });
});

test('createInProcessFetch honours the endpoint option', async () => {
  const inProcess = createInProcessFetch(server(), { endpoint: '/rpc' });
  assert.equal((await inProcess('http://in-process.test/rpc', callTool)).status, 200);
  const missed = await inProcess('http://in-process.test/mcp', { method: 'GET' });
  assert.equal(missed.status, 404);
  assert.deepEqual(await missed.json(), {
    error: 'not_found',
    message: 'No route for /mcp. The MCP endpoint is /rpc.',
  });
});

test('httpApiEvent builds a payload 2.0 event with lower-cased headers and the query split off', () => {
  const event = httpApiEvent({
    method: 'GET',
    path: '/health?deep=1',
    headers: { Accept: 'application/json' },
  });
  assert.equal(event.version, '2.0');
  assert.equal(event.rawPath, '/health');
  assert.equal(event.rawQueryString, 'deep=1');
  assert.equal(event.requestContext.http.method, 'GET');
  assert.equal(event.headers?.accept, 'application/json');
  assert.equal('body' in event, false);
  assert.match(event.requestContext.time, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
});

test('mcpRequest mirrors the method and name in headers, Base64-wrapping a name that is not header-safe', () => {
  const plain = mcpRequest('tools/call', { name: 'add', arguments: {} }, { id: 4 });
  assert.deepEqual(plain.headers, {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': 'tools/call',
    'mcp-name': 'add',
  });
  assert.deepEqual(JSON.parse(plain.body), {
    jsonrpc: '2.0',
    id: 4,
    method: 'tools/call',
    params: {
      name: 'add',
      arguments: {},
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': {},
        'io.modelcontextprotocol/clientInfo': { name: 'lambda-mcp-testing', version: '1.0.0' },
      },
    },
  });
  const unicode = mcpRequest('prompts/get', { name: 'résumé' });
  assert.equal(unicode.headers['mcp-name'], '=?base64?csOpc3Vtw6k=?=');
  assert.equal(mcpRequest('tools/list').headers['mcp-name'], undefined);
});

test('serveLambdaHandler answers over HTTP through createHandler: results, statuses and headers', async () => {
  const running = await serveLambdaHandler(createHandler(server(), { metrics: false }));
  try {
    assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const called = await fetch(running.url, callTool);
    assert.equal(called.status, 200);
    assert.equal(called.headers.get('content-type'), 'application/json');
    assert.deepEqual(await called.json(), {
      jsonrpc: '2.0',
      id: 1,
      result: { content: [{ type: 'text', text: 'pong' }] },
    });
    const get = await fetch(running.url);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    const health = await fetch(running.url.replace('/mcp', '/health'));
    assert.equal(health.status, 200);
  } finally {
    await running.close();
  }
  await assert.rejects(fetch(running.url, callTool));
  // Closing again (an after() hook behind a test that closed it) is not an error, as with startTestServer.
  await running.close();
});

test('restApiEvent is an APIGatewayProxyEvent, with the query both single and multi-value', () => {
  // Typed as @types/aws-lambda has it: handlers declared with APIGatewayProxyHandler take it.
  const event: APIGatewayProxyEvent = restApiEvent({ method: 'GET', path: '/health?tag=a&tag=b&deep=1' });
  assert.deepEqual(event.queryStringParameters, { tag: 'b', deep: '1' });
  assert.deepEqual(event.multiValueQueryStringParameters, { tag: ['a', 'b'], deep: ['1'] });
  // Without an authorizer the real event has none: JSON (what Lambda delivers) carries no key.
  assert.equal('authorizer' in JSON.parse(JSON.stringify(event)).requestContext, false);
  const plain = restApiEvent();
  assert.equal(plain.queryStringParameters, null);
  assert.equal(plain.multiValueQueryStringParameters, null);
});

test("restApiEvent reads the caller's User-Agent into identity.userAgent whatever the header's case", () => {
  assert.equal(
    restApiEvent({ headers: { 'user-agent': 'curl/8.5.0' } }).requestContext.identity.userAgent,
    'curl/8.5.0',
  );
  assert.equal(
    restApiEvent({ headers: { 'User-Agent': 'curl/8.5.0' } }).requestContext.identity.userAgent,
    'curl/8.5.0',
  );
});

test('httpApiEvent splits the query into queryStringParameters and the Cookie header into cookies, as payload 2.0 does', () => {
  const event = httpApiEvent({
    method: 'GET',
    path: '/mcp?tag=a&tag=b&q=x%20y',
    headers: { Cookie: 'session=1; theme=dark', accept: 'text/event-stream' },
  });
  assert.equal(event.rawQueryString, 'tag=a&tag=b&q=x%20y');
  assert.deepEqual(event.queryStringParameters, { tag: 'a,b', q: 'x y' });
  assert.deepEqual(event.cookies, ['session=1', 'theme=dark']);
  assert.deepEqual(event.headers, {
    host: 'abc123.execute-api.us-east-1.amazonaws.com',
    'x-forwarded-proto': 'https',
    accept: 'text/event-stream',
  });
  const plain = httpApiEvent();
  assert.equal('queryStringParameters' in plain, false);
  assert.equal('cookies' in plain, false);
});

test('lambdaContext is a whole Lambda Context, as the runtime passes it', () => {
  // Typed as @types/aws-lambda has it: a handler declared with APIGatewayProxyHandler takes it.
  const context: Context = lambdaContext({ functionName: 'mcp', awsRequestId: 'req-1' });
  assert.equal(context.functionName, 'mcp');
  assert.equal(context.functionVersion, '$LATEST');
  assert.equal(context.invokedFunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:mcp');
  assert.equal(context.memoryLimitInMB, '1024');
  assert.equal(context.logGroupName, '/aws/lambda/mcp');
  assert.match(context.logStreamName, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  assert.equal(context.callbackWaitsForEmptyEventLoop, true);
  assert.ok(context.getRemainingTimeInMillis() > 29_000);
  // The callbacks of Node 0.10 runtimes: a handler still calling them is told to return instead.
  assert.throws(() => context.succeed('done'), /lambdaContext: context\.succeed is not supported/);
});

test('every builder keeps a query whole after its first "?", as a URL does (a "?" inside the query is data)', () => {
  assert.equal(httpApiEvent({ path: '/mcp?next=/a?b=1' }).rawQueryString, 'next=/a?b=1');
  assert.deepEqual(restApiEvent({ path: '/mcp?next=/a?b=1' }).queryStringParameters, { next: '/a?b=1' });
  assert.deepEqual(albEvent({ path: '/mcp?next=/a?b=1' }).queryStringParameters, { next: '/a?b=1' });
});

test('albEvent passes the query as the client sent it (ALB does not decode it), every value with multiValue', () => {
  const single: ALBEvent = albEvent({ method: 'GET', path: '/mcp?tag=a&tag=b&q=x%20y' });
  assert.deepEqual(single.queryStringParameters, { tag: 'b', q: 'x%20y' });
  const multi: ALBEvent = albEvent({ method: 'GET', path: '/mcp?tag=a&tag=b&q=x%20y', multiValue: true });
  assert.deepEqual(multi.multiValueQueryStringParameters, { tag: ['a', 'b'], q: ['x%20y'] });
  const plain: ALBEvent = albEvent();
  assert.deepEqual(plain.queryStringParameters, {});
  // Typed by its mode without an annotation or a narrowing (strict TypeScript).
  assert.equal(albEvent().headers['x-forwarded-proto'], 'https');
  assert.deepEqual(albEvent({ multiValue: true }).multiValueHeaders['x-forwarded-proto'], ['https']);
});

test('serveLambdaHandler hands a body that is not UTF-8 over base64-encoded, byte for byte', async () => {
  const seen: { body?: string; isBase64Encoded?: boolean }[] = [];
  const running = await serveLambdaHandler(async (event) => {
    seen.push(event as { body?: string; isBase64Encoded?: boolean });
    return { statusCode: 204, body: '', isBase64Encoded: false };
  });
  const bytes = gzipSync(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }));
  try {
    await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: bytes,
    });
    await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"é":1}',
    });
  } finally {
    await running.close();
  }
  assert.deepEqual(
    seen.map(({ body, isBase64Encoded }) => ({ body, isBase64Encoded })),
    [
      { body: bytes.toString('base64'), isBase64Encoded: true },
      { body: '{"é":1}', isBase64Encoded: false },
    ],
  );
});

test('startTestServer and serveLambdaHandler refuse what the other one serves, at once and saying which to use', async () => {
  const handler = createHandler(server(), { metrics: false });
  await assert.rejects(startTestServer(handler as never), {
    name: 'TypeError',
    message:
      'startTestServer(server) takes a server made by createServer() from lambda-mcp; serve a Lambda handler with serveLambdaHandler(handler)',
  });
  await assert.rejects(serveLambdaHandler(server() as never), {
    name: 'TypeError',
    message:
      'serveLambdaHandler(handler) takes a Lambda handler such as createHandler(server); serve a server made by createServer() with startTestServer(server)',
  });
});

test('serveLambdaHandler names its own address in the documents that link back (AI catalog, Server Card), as startTestServer does', async () => {
  const running = await serveLambdaHandler(createHandler(server(), { metrics: false }));
  try {
    const catalog = await fetch(running.url.replace('/mcp', '/.well-known/ai-catalog.json'));
    const { entries } = (await catalog.json()) as { entries: { url: string }[] };
    assert.deepEqual(
      entries.map(({ url }) => url),
      [`${running.url}/server-card`],
    );
  } finally {
    await running.close();
  }
});

test('mcpRequest builds a notification without an id, as JSON-RPC has it, and refuses one given an id', async () => {
  const cancelled = mcpRequest('notifications/cancelled', { requestId: 3 });
  const body = JSON.parse(cancelled.body);
  assert.equal('id' in body, false);
  assert.deepEqual(body.params.requestId, 3);
  const response = await createInProcessFetch(server())('http://in-process.test/mcp', {
    method: 'POST',
    ...cancelled,
  });
  assert.equal(response.status, 202);
  assert.throws(() => mcpRequest('notifications/cancelled', { requestId: 3 }, { id: 4 }), {
    name: 'TypeError',
    message: 'mcpRequest: notifications/cancelled is a notification, which has no id (options.id)',
  });
});
