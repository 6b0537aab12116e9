import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createStreamingHandler } from 'lambda-mcp/lambda';
import { localStreamRuntime } from '../../packages/server/src/adapters/lambda/stream-runtime.ts';
import { writeStreamReply } from '../../packages/server/src/adapters/lambda/write-stream-reply.ts';
import { buildEvent, lambdaContext, RecordingStream, splitPrelude, streamingFetch } from './lambda-fetch.ts';
import { createLambdaTestServer } from './lambda-test-server.ts';

function countEvent(to: number) {
  return buildEvent('function-url', {
    method: 'POST',
    path: '/mcp',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { name: 'count', arguments: { to }, _meta: { progressToken: 'p' } },
    }),
  });
}

describe('createStreamingHandler with the local runtime', () => {
  test('goes through awslambda.streamifyResponse when the Lambda runtime installed it', () => {
    const marked: unknown[] = [];
    const global = globalThis as { awslambda?: unknown };
    global.awslambda = {
      streamifyResponse: (handler: unknown) => {
        marked.push(handler);
        return handler;
      },
      HttpResponseStream: localStreamRuntime.HttpResponseStream,
    };
    try {
      const handler = createStreamingHandler(createLambdaTestServer().server, {
        metrics: false,
      });
      assert.deepEqual(marked, [handler]);
    } finally {
      delete global.awslambda;
    }
  });

  test('writes the status and headers first, then the SSE events in order', async () => {
    const handler = createStreamingHandler(createLambdaTestServer().server, {
      metrics: false,
    });
    const stream = new RecordingStream();
    await handler(countEvent(3), stream, lambdaContext());
    const all = Buffer.concat(stream.chunks);
    const { prelude, body } = splitPrelude(all);
    assert.equal(prelude.statusCode, 200);
    assert.equal(prelude.headers['content-type'], 'text/event-stream');
    // The first chunk is the prelude alone: the head goes out before any event.
    assert.equal(stream.chunks[0]!.toString(), JSON.stringify(prelude));
    assert.deepEqual(stream.chunks[1], Buffer.alloc(8));
    const messages = body
      .split('\n\n')
      .filter(Boolean)
      .map((chunk) => JSON.parse(chunk.replace(/^event: message\ndata: /, '')));
    assert.deepEqual(
      messages.map((m) => m.params?.progress ?? m.result?.content[0].text),
      [1, 2, 3, 'counted to 3'],
    );
    assert.equal(stream.writableFinished, true);
  });

  test('a JSON answer is the prelude, the 8 NUL delimiter and the body', async () => {
    const handler = createStreamingHandler(createLambdaTestServer().server, {
      metrics: false,
    });
    const stream = new RecordingStream();
    const event = buildEvent('function-url', { method: 'GET', path: '/health', headers: {}, body: '' });
    await handler(event, stream, lambdaContext());
    assert.equal(
      Buffer.concat(stream.chunks).toString(),
      `{"statusCode":200,"headers":{"content-type":"application/json"}}\0\0\0\0\0\0\0\0{"status":"ok","name":"test/lambda","version":"1.0.0"}`,
    );
  });

  test('streams 400 malformed_event for an HTTP event whose body is not a string', async () => {
    const handler = createStreamingHandler(createLambdaTestServer().server, { metrics: false });
    const stream = new RecordingStream();
    const event = buildEvent('function-url', { method: 'POST', path: '/mcp', headers: {}, body: '' });
    await handler({ ...event, body: { jsonrpc: '2.0' } }, stream, lambdaContext());
    const { prelude, body } = splitPrelude(Buffer.concat(stream.chunks));
    assert.equal(prelude.statusCode, 400);
    assert.deepEqual(JSON.parse(body), {
      error: 'malformed_event',
      message:
        'The event body must be a string (the request body, base64 when isBase64Encoded is true), got object.',
    });
  });

  // Function URLs (InvokeMode RESPONSE_STREAM) and API Gateway REST APIs with response
  // streaming deliver their own event shapes and read the same prelude + body stream.
  for (const source of ['function-url', 'rest-api', 'rest-api-custom-domain'] as const) {
    test(`the official client receives progress through the streamed response (${source} event)`, async () => {
      const handler = createStreamingHandler(createLambdaTestServer().server, {
        metrics: false,
      });
      const client = new Client(
        { name: 'stream-test', version: '0.1.0' },
        { versionNegotiation: { mode: 'auto' } },
      );
      await client.connect(
        new StreamableHTTPClientTransport(new URL('https://example.test/mcp'), {
          fetch: streamingFetch(handler, source),
        }),
      );
      const progress: number[] = [];
      const result = await client.callTool(
        { name: 'count', arguments: { to: 4 } },
        { onprogress: (update) => progress.push(update.progress) },
      );
      assert.deepEqual(result.content, [{ type: 'text', text: 'counted to 4' }]);
      assert.deepEqual(progress, [1, 2, 3, 4]);
      await client.close();
    });
  }

  test('a failure after the head ends the stream with a JSON-RPC error event and a clean close', async () => {
    const { server } = createLambdaTestServer();
    server.tool(
      'breaks_midway',
      {
        description: 'Reports progress, then returns output its schema rejects',
        output: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
      },
      async (_input, ctx) => {
        ctx.progress(1, 2);
        return { n: 'not a number' } as unknown as { n: number };
      },
    );
    const handler = createStreamingHandler(server, { metrics: false });
    const stream = new RecordingStream();
    const event = buildEvent('function-url', {
      method: 'POST',
      path: '/mcp',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: { name: 'breaks_midway', _meta: { progressToken: 't' } },
      }),
    });
    await handler(event, stream, lambdaContext());
    const { prelude, body } = splitPrelude(Buffer.concat(stream.chunks));
    assert.equal(prelude.statusCode, 200);
    const messages = body
      .split('\n\n')
      .filter(Boolean)
      .map((chunk) => JSON.parse(chunk.replace(/^event: message\ndata: /, '')));
    assert.equal(messages[0].method, 'notifications/progress');
    assert.equal(messages[1].id, 9);
    assert.equal(messages[1].error.code, -32603);
    assert.equal(stream.writableFinished, true);
  });

  test('an event stream that throws after the head ends with the stream-failure event', async () => {
    const stream = new RecordingStream();
    const failures: unknown[] = [];
    async function* events() {
      yield 'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}\n\n';
      throw new Error('database went away');
    }
    await writeStreamReply(
      stream,
      { status: 200, headers: { 'content-type': 'text/event-stream' }, body: events() },
      localStreamRuntime,
      (error) => failures.push(error),
    );
    const { body } = splitPrelude(Buffer.concat(stream.chunks));
    assert.equal(
      body.split('\n\n')[1],
      'event: message\ndata: {"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"Internal error: the response stream failed"}}',
    );
    assert.equal((failures[0] as Error).message, 'database went away');
    assert.equal(stream.writableFinished, true);
  });

  test('a client that disconnects aborts the running tool', async () => {
    const { server } = createLambdaTestServer();
    let aborted: (reason: unknown) => void = () => {};
    const abortSeen = new Promise((resolve) => {
      aborted = resolve;
    });
    server.tool('waits', { description: 'Waits for its signal' }, (_input, ctx) => {
      ctx.signal.addEventListener('abort', () => aborted(ctx.signal.reason));
      return new Promise<string>(() => {});
    });
    const handler = createStreamingHandler(server, { metrics: false });
    const stream = new RecordingStream();
    const event = buildEvent('function-url', {
      method: 'POST',
      path: '/mcp',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'waits' } }),
    });
    const invocation = handler(event, stream, lambdaContext());
    setImmediate(() => stream.destroy());
    const reason = (await abortSeen) as DOMException;
    assert.equal(reason.name, 'AbortError');
    await invocation;
  });
});
