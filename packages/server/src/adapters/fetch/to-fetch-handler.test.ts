import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Logger } from '../../log/logger.ts';
import { createServer } from '../../server/create-server.ts';
import { toFetchHandler } from './to-fetch-handler.ts';

function recordingServer() {
  const errors: { message: string; fields: Record<string, unknown> | undefined }[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (message, fields) => errors.push({ message, fields }),
  };
  const server = createServer({ name: 'fetch-test', version: '1.0.0', logger });
  server.tool('ping', { description: 'ping' }, () => 'pong');
  return { server, errors };
}

const call = () =>
  new Request('http://localhost/mcp', {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ping' } }),
  });

describe('toFetchHandler', () => {
  test('reads a JSON body whose Content-Type has a charset parameter', async () => {
    const response = await toFetchHandler(recordingServer().server)(call());
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      jsonrpc: '2.0',
      id: 1,
      result: { content: [{ type: 'text', text: 'pong' }] },
    });
  });

  test('a Request whose body something else already read is a 500 whose log says so', async () => {
    const { server, errors } = recordingServer();
    const request = call();
    await request.text();
    const response = await toFetchHandler(server)(request);
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), {
      jsonrpc: '2.0',
      id: null,
      error: { code: -32603, message: 'Internal error' },
    });
    assert.equal(errors.length, 1);
    assert.equal(
      (errors[0]?.fields?.error as Error | undefined)?.message,
      'The request body was already read before the MCP handler: hand it an unread Request (request.clone() before reading the original)',
    );
  });

  test('a Request whose body something else read through its stream (for await) is a 500 whose log says so, not a 400 blaming the client', async () => {
    const { server, errors } = recordingServer();
    const request = call();
    // As `for await` over the body does: read to its end, then unlocked again, and empty.
    const reader = request.body!.getReader();
    while (!(await reader.read()).done);
    reader.releaseLock();
    const response = await toFetchHandler(server)(request);
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), {
      jsonrpc: '2.0',
      id: null,
      error: { code: -32603, message: 'Internal error' },
    });
    assert.deepEqual(
      errors.map(({ fields }) => (fields?.error as Error | undefined)?.message),
      [
        'The request body was already read before the MCP handler: hand it an unread Request (request.clone() before reading the original)',
      ],
    );
  });

  test('a gzip-encoded body is refused with 415 naming the encoding, not misread as bad JSON', async () => {
    const json = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ping' } });
    const request = new Request('http://localhost/mcp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(json),
    });
    const response = await toFetchHandler(recordingServer().server)(request);
    assert.equal(response.status, 415);
    assert.equal(response.headers.get('accept-encoding'), 'identity');
    assert.deepEqual(await response.json(), {
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32600,
        message: 'Unsupported Media Type: Content-Encoding gzip is not supported; send the body uncompressed',
      },
    });
  });

  test('a JSON body under Content-Encoding: gzip is read (API Gateway REST APIs decompress and keep the header)', async () => {
    const request = call();
    request.headers.set('content-encoding', 'gzip');
    const response = await toFetchHandler(recordingServer().server)(request);
    assert.equal(response.status, 200);
  });

  test('Content-Encoding: identity is an uncompressed body', async () => {
    const request = call();
    request.headers.set('content-encoding', 'identity');
    const response = await toFetchHandler(recordingServer().server)(request);
    assert.equal(response.status, 200);
  });

  test('a method other than GET or HEAD on a document path is 405 with Allow: GET, HEAD, not 404', async () => {
    const handler = toFetchHandler(recordingServer().server);
    for (const [method, path] of [
      ['DELETE', '/health'],
      ['POST', '/.well-known/mcp/server-card.json'],
      ['PUT', '/mcp/server-card'],
    ] as const) {
      const response = await handler(new Request(`http://localhost${path}`, { method }));
      assert.equal(response.status, 405, `${method} ${path}`);
      assert.equal(response.headers.get('allow'), 'GET, HEAD');
      assert.deepEqual(await response.json(), {
        error: 'method_not_allowed',
        message: `Method Not Allowed: ${path} accepts GET and HEAD only (got ${method})`,
      });
    }
    const unknown = await handler(new Request('http://localhost/nope', { method: 'DELETE' }));
    assert.equal(unknown.status, 404);
  });

  test('an answer whose headers Response refuses (a hook put a newline in one) is a 500 logged as an error, not a thrown TypeError', async () => {
    const { server, errors } = recordingServer();
    const handler = toFetchHandler(server, {
      authenticate: () => ({ status: 401, headers: { 'www-authenticate': 'Bearer realm="a\nb"' }, body: '' }),
    });
    const response = await handler(call());
    assert.equal(response.status, 500);
    assert.equal(response.headers.get('www-authenticate'), null);
    assert.deepEqual(await response.json(), {
      jsonrpc: '2.0',
      id: null,
      error: { code: -32603, message: 'Internal error' },
    });
    assert.deepEqual(
      errors.map(({ message, fields }) => [message, (fields?.error as Error | undefined)?.name]),
      [['the answer could not be written', 'TypeError']],
    );
  });

  test('a bodyTimeoutMs past what a timer holds (Infinity) waits for a body that comes later, not a 408 at once', async () => {
    const json = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ping' } });
    // Pulled only when the handler reads (no high-water mark); the body arrives 50 ms later.
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          controller.enqueue(new TextEncoder().encode(json));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request('http://localhost/mcp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    const response = await toFetchHandler(recordingServer().server, { bodyTimeoutMs: Infinity })(request);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /"text":"pong"/);
  });
});
