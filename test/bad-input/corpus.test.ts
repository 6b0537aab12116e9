import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createExchangeHandler, type Reply } from 'lambda-mcp/http';
import { type RunningServer, serve } from 'lambda-mcp/node';
import { type BadInputCase, rpcError } from './bad-input-case.ts';
import { corpusServer, MAX_BODY_BYTES } from './corpus-server.ts';
import { protocolCases } from './protocol-cases.ts';
import { modern, type RawRequest } from './requests.ts';
import { transportCases } from './transport-cases.ts';

const cases: BadInputCase[] = [...transportCases, ...protocolCases];
const options = { maxBodyBytes: MAX_BODY_BYTES };

function parseBody(text: string): unknown {
  return text === '' ? '' : JSON.parse(text);
}

function assertAnswer(
  c: BadInputCase,
  status: number,
  header: (name: string) => string | null | undefined,
  text: string,
) {
  assert.equal(status, c.status, `status of: ${text}`);
  assert.deepEqual(parseBody(text), c.body);
  for (const [name, value] of Object.entries(c.headers ?? {})) assert.equal(header(name), value, name);
}

/** The request every case is followed by: it must still be answered normally. */
const healthyCall = modern('tools/call', { name: 'echo', arguments: { text: 'still here' } });

function assertHealthy(status: number, text: string) {
  assert.equal(status, 200);
  const body = JSON.parse(text) as { result: { content: unknown } };
  assert.deepEqual(body.result.content, [{ type: 'text', text: 'still here' }]);
}

describe('bad input through createExchangeHandler', () => {
  const handle = createExchangeHandler(corpusServer(), options);
  const send = async (request: RawRequest): Promise<Reply & { body: string }> => {
    const reply = await handle({ ...request, platform: { kind: 'other', name: 'test', request: undefined } });
    assert.equal(typeof reply.body, 'string', 'a bad-input answer is never a stream');
    return reply as Reply & { body: string };
  };

  for (const c of cases) {
    test(c.name, async () => {
      const reply = await send(c.request);
      assertAnswer(c, reply.status, (name) => reply.headers[name], reply.body);
    });
  }

  test('still answers a normal request after the whole corpus', async () => {
    const reply = await send(healthyCall);
    assertHealthy(reply.status, reply.body);
  });
});

describe('bad input over real HTTP through the node adapter', () => {
  let running: RunningServer;
  let origin: string;
  before(async () => {
    running = await serve(corpusServer(), { ...options, port: 0, handleSignals: false });
    origin = new URL(running.url).origin;
  });
  after(() => running.close());

  const send = async (request: RawRequest) => {
    const bodyless = request.method === 'GET' || request.method === 'HEAD' || request.body === '';
    const response = await fetch(origin + request.path, {
      method: request.method,
      headers: request.headers,
      body: bodyless ? undefined : request.body,
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  for (const c of cases.filter((c) => c.overHttp)) {
    test(c.name, async () => {
      const answer = await send(c.request);
      assertAnswer(c, answer.status, (name) => answer.headers.get(name), answer.text);
    });
  }

  test('refuses a chunked body over the limit, sent without Content-Length, with 413', async () => {
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        `${origin}/mcp`,
        { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      assert.equal(req.getHeader('content-length'), undefined);
      req.write(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"padding":"`);
      for (let sent = 0; sent <= MAX_BODY_BYTES; sent += 1024) req.write('x'.repeat(1024));
      req.end('"}}');
    });
    assert.equal(status, 413);
    assert.deepEqual(
      JSON.parse(text),
      rpcError(null, -32600, `Payload Too Large: the body exceeds ${MAX_BODY_BYTES} bytes`),
    );
  });

  test('still answers a normal request after the whole corpus', async () => {
    const answer = await send(healthyCall);
    assertHealthy(answer.status, answer.text);
  });
});
