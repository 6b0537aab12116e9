import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createServer } from 'lambda-mcp';
import { toFetchHandler } from 'lambda-mcp/fetch';
import { createHandler } from 'lambda-mcp/lambda';
import { serve } from 'lambda-mcp/node';
import { albEvent, httpApiEvent, lambdaContext, mcpRequest, restApiEvent } from 'lambda-mcp/testing';

/** A server whose one tool answers with the headers it was given, as a tool that forwards them reads them. */
function headerEcho() {
  const server = createServer({
    name: 'headers',
    version: '1.0.0',
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  server.tool(
    'headers',
    { description: 'Returns the request headers the tool sees.', input: { type: 'object', properties: {} } },
    (_args, ctx) => ({
      structuredContent: {
        tag: ctx.headers['x-tag'] ?? null,
        key: ctx.headers['x-api-key'] ?? null,
        cookie: ctx.headers.cookie ?? null,
        upper: ctx.headers['X-Tag'] ?? null,
      },
      content: [],
    }),
  );
  return server;
}

const call = mcpRequest('tools/call', { name: 'headers', arguments: {} });
const seen = (body: string) => JSON.parse(body).result.structuredContent;

describe('ctx.headers: the request headers, the same on every host', () => {
  const handler = createHandler(headerEcho());

  test('API Gateway REST API: a repeated header keeps every value (multiValueHeaders), names in lower case', async () => {
    const event = restApiEvent({
      headers: { ...call.headers, 'X-Tag': 'a', 'X-Api-Key': 'k1' },
      body: call.body,
    }) as {
      headers: Record<string, string>;
      multiValueHeaders: Record<string, string[]>;
    };
    event.headers['X-Tag'] = 'b';
    event.multiValueHeaders['X-Tag'] = ['a', 'b'];

    const result = (await handler(event, lambdaContext())) as { statusCode: number; body: string };

    assert.equal(result.statusCode, 200, result.body);
    assert.deepEqual(seen(result.body), { tag: 'a, b', key: 'k1', cookie: null, upper: null });
  });

  test('HTTP API: cookies (delivered apart) joined with "; "', async () => {
    const event = httpApiEvent({ headers: { ...call.headers, 'x-tag': 'c' }, body: call.body }) as {
      cookies?: string[];
    };
    event.cookies = ['a=1', 'b=2'];

    const result = (await handler(event, lambdaContext())) as { statusCode: number; body: string };

    assert.deepEqual(seen(result.body), { tag: 'c', key: null, cookie: 'a=1; b=2', upper: null });
  });

  test('ALB', async () => {
    const result = (await handler(
      albEvent({ headers: { ...call.headers, 'X-TAG': 'd' }, body: call.body }),
      lambdaContext(),
    )) as {
      body: string;
    };

    assert.deepEqual(seen(result.body), { tag: 'd', key: null, cookie: null, upper: null });
  });

  test("a web Request (fetch hosts) and Node's HTTP server", async () => {
    const fetchHandler = toFetchHandler(headerEcho());
    const viaFetch = await fetchHandler(
      new Request('http://localhost/mcp', {
        method: 'POST',
        headers: { ...call.headers, 'X-Tag': 'e' },
        body: call.body,
      }),
    );
    assert.deepEqual(seen(await viaFetch.text()), { tag: 'e', key: null, cookie: null, upper: null });

    const running = await serve(headerEcho(), { port: 0 });
    try {
      const viaNode = await fetch(`${running.url}`, {
        method: 'POST',
        headers: { ...call.headers, 'X-Tag': 'f', 'x-api-key': 'k2' },
        body: call.body,
      });
      assert.deepEqual(seen(await viaNode.text()), { tag: 'f', key: 'k2', cookie: null, upper: null });
    } finally {
      await running.close();
    }
  });
});
