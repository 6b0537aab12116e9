import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { describe, test } from 'node:test';
import type { Logger } from '../../log/logger.ts';
import { createServer } from '../../server/create-server.ts';
import { mcpRequest } from '../../testing/mcp-request.ts';
import { type RunningServer, serve, toNodeListener } from './serve.ts';

const ROOT = new URL('../../', import.meta.url).href;

// A server whose lifespan resource has been created by a request, then SIGTERM: serve's own
// signal handling must stop accepting, dispose the resource, and exit 0.
const CHILD = `
import { createServer, lifespan } from '${ROOT}index.ts';
import { serve } from '${ROOT}adapters/node/serve.ts';
const pool = lifespan(() => ({ id: 'pool-1' }), { dispose: (p) => { process.stdout.write('disposed ' + p.id + '\\n'); } });
const server = createServer({ name: 'serve-signals', version: '1.0.0' });
server.tool('touch', { description: 'Creates the pool' }, async () => (await pool.get()).id);
const running = await serve(server, { port: 0 });
const answer = await fetch(running.url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'touch' } }),
});
process.stdout.write('answered ' + (await answer.json()).result.content[0].text + '\\n');
`;

test('serve closes, disposes lifespan resources and exits 0 on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('answered')) resolve();
    });
    child.on('exit', () => reject(new Error(`child exited early: ${stdout} ${stderr}`)));
  });
  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
  assert.equal(stdout, 'answered pool-1\ndisposed pool-1\n');
});

/** Resolves with close()'s duration, or rejects when it takes longer than `withinMs`. */
function timedClose(running: RunningServer, withinMs: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`close() still pending after ${withinMs} ms`)), withinMs);
    void running.close().then(() => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

describe('serve close()', () => {
  test('ends an open subscriptions/listen stream with its result instead of waiting out its time limit', async () => {
    const server = createServer({ name: 'serve-close', version: '1.0.0' });
    const running = await serve(server, { port: 0, handleSignals: false, listenMaxMs: 60_000 });
    try {
      const { headers, body } = mcpRequest('subscriptions/listen', { notifications: {} });
      const response = await fetch(running.url, { method: 'POST', headers, body });
      assert.equal(response.status, 200);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = (await reader.read()).value ?? '';
      assert.match(text, /notifications\/subscriptions\/acknowledged/);
      await timedClose(running, 2000);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += value;
      }
      const events = text.split('\n\n').filter((event) => event !== '');
      assert.equal(events.length, 2);
      const last = JSON.parse(events[1]!.replace(/^event: message\ndata: /, ''));
      assert.equal(last.id, 1);
      assert.equal(last.result.resultType, 'complete');
    } finally {
      running.httpServer.closeAllConnections();
    }
  });

  test('lets an in-flight request finish, answered with Connection: close, and resolves without waiting for keep-alive', async () => {
    const server = createServer({ name: 'serve-close', version: '1.0.0' });
    server.tool('slow', { description: 'slow' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return 'done';
    });
    const running = await serve(server, { port: 0, handleSignals: false });
    try {
      const { headers, body } = mcpRequest('tools/call', { name: 'slow' });
      const answer = fetch(running.url, { method: 'POST', headers, body });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const closed = timedClose(running, 2000);
      const response = await answer;
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('connection'), 'close');
      assert.match(await response.text(), /"text":"done"/);
      await closed;
    } finally {
      running.httpServer.closeAllConnections();
    }
  });
});

/** A logger that keeps its lines, for asserting what was logged. */
function recordingLogger(lines: { level: string; message: string; fields: unknown }[]): Logger {
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('serve close() past shutdownTimeoutMs', () => {
  test('closes the connection of a request still running, which aborts its signal, logs why, and resolves', async () => {
    const lines: { level: string; message: string; fields: unknown }[] = [];
    const logger = recordingLogger(lines);
    const server = createServer({ name: 'serve-close', version: '1.0.0', logger });
    let aborted: (reason: unknown) => void = () => {};
    const abortReason = new Promise((resolve, reject) => {
      aborted = resolve;
      setTimeout(() => reject(new Error('the handler signal was not aborted within 2 s')), 2000).unref();
    });
    server.tool('hangs', { description: 'never settles on its own' }, (_args, ctx) => {
      ctx.signal.addEventListener('abort', () => aborted(ctx.signal.reason));
      return new Promise(() => {});
    });
    const running = await serve(server, { port: 0, handleSignals: false, shutdownTimeoutMs: 200 });
    const { headers, body } = mcpRequest('tools/call', { name: 'hangs' });
    const answer = fetch(running.url, { method: 'POST', headers, body }).then(
      (response) => `status ${response.status}`,
      (error: Error) => `failed: ${(error.cause as Error | undefined)?.message ?? error.message}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const tookMs = await timedClose(running, 2000);
    assert.ok(tookMs >= 150, `close() resolved after ${tookMs} ms, before the deadline`);
    assert.equal(await answer, 'failed: other side closed');
    assert.equal(((await abortReason) as Error).message, 'The client closed the request');
    assert.deepEqual(
      lines.filter((line) => line.level === 'warn'),
      [
        {
          level: 'warn',
          message:
            'closing the connections of requests still running 200 ms after close() began (shutdownTimeoutMs)',
          fields: { shutdownTimeoutMs: 200 },
        },
      ],
    );
  });

  test('a second close() is the same pending close, not a server-not-running error', async () => {
    const server = createServer({ name: 'serve-close', version: '1.0.0' });
    const running = await serve(server, { port: 0, handleSignals: false });
    const first = running.close();
    assert.equal(running.close(), first);
    await first;
  });

  test('refuses a shutdownTimeoutMs that is not a finite number >= 0 before listening', async () => {
    const server = createServer({ name: 'serve-close', version: '1.0.0' });
    await assert.rejects(serve(server, { port: 0, handleSignals: false, shutdownTimeoutMs: -1 }), {
      name: 'TypeError',
      message: 'shutdownTimeoutMs must be a finite number of milliseconds >= 0, got -1',
    });
  });
});

test('the url serve returns is where the endpoint answers, under basePath when one is given', async () => {
  const server = createServer({ name: 'serve-url', version: '1.0.0' });
  server.tool('ping', { description: 'ping' }, () => 'pong');
  const running = await serve(server, { port: 0, handleSignals: false, basePath: '/v2' });
  try {
    assert.equal(running.url, `http://127.0.0.1:${running.port}/v2/mcp`);
    const { headers, body } = mcpRequest('tools/call', { name: 'ping' });
    const response = await fetch(running.url, { method: 'POST', headers, body });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /"text":"pong"/);
  } finally {
    await running.close();
  }
});

describe('toNodeListener', () => {
  test('a request whose body a parser before it already read is a 500 at once, whose log says so', async () => {
    const errors: unknown[] = [];
    const logger: Logger = {
      debug() {},
      info() {},
      warn() {},
      error: (_, fields) => errors.push(fields?.error),
    };
    const server = createServer({ name: 'node-listener', version: '1.0.0', logger });
    server.tool('ping', { description: 'ping' }, () => 'pong');
    const listener = toNodeListener(server);
    // What express.json() does before the route's handler runs.
    const httpServer = createHttpServer(async (req, res) => {
      for await (const _ of req);
      await listener(req, res);
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = httpServer.address() as AddressInfo;
      const { headers, body } = mcpRequest('tools/call', { name: 'ping' });
      const started = Date.now();
      const response = await fetch(`http://127.0.0.1:${port}/mcp`, { method: 'POST', headers, body });
      assert.equal(response.status, 500);
      assert.deepEqual(await response.json(), {
        jsonrpc: '2.0',
        error: { code: -32603, message: 'Internal error' },
      });
      assert.ok(Date.now() - started < 2000, 'answered without waiting out the body timeout');
      assert.equal(errors.length, 1);
      assert.equal(
        (errors[0] as Error).message,
        'The request body was already read before the MCP handler: mount it before any body parser (express.json()), or leave its path out of them',
      );
    } finally {
      httpServer.close();
      httpServer.closeAllConnections();
    }
  });
});

test('a request in absolute form (POST http://host/mcp) reaches the endpoint, as RFC 9112 section 3.2.2 requires', async () => {
  const server = createServer({ name: 'absolute-form', version: '1.0.0' });
  server.tool('ping', { description: 'ping' }, () => 'pong');
  const running = await serve(server, { port: 0, handleSignals: false });
  try {
    const { headers, body } = mcpRequest('tools/call', { name: 'ping' });
    const head = Object.entries({
      ...headers,
      host: `127.0.0.1:${running.port}`,
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
    })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(running.port, '127.0.0.1', () =>
        socket.write(`POST http://127.0.0.1:${running.port}/mcp?x=1 HTTP/1.1\r\n${head}\r\n${body}`),
      );
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(answer, /"text":"pong"/);
  } finally {
    await running.close();
  }
});

test('every adapter refuses something that is not a server when it is made, not on the first request', async () => {
  const { toFetchHandler } = await import('../fetch/to-fetch-handler.ts');
  const { createHandler } = await import('../lambda/create-handler.ts');
  const server = createServer({ name: 'real', version: '1.0.0' });
  const handler = toFetchHandler(server);
  const notServer = 'Expected a server made by createServer() from lambda-mcp';
  const aHandler = `${notServer}, got a function (a handler? pass the server itself)`;
  await assert.rejects(serve(handler as never, { port: 0, handleSignals: false }), {
    name: 'TypeError',
    message: aHandler,
  });
  await assert.rejects(serve({} as never, { port: 0, handleSignals: false }), {
    name: 'TypeError',
    message: notServer,
  });
  assert.throws(() => toNodeListener(undefined as never), {
    name: 'TypeError',
    message: `${notServer}, got undefined`,
  });
  assert.throws(() => toFetchHandler(handler as never), { name: 'TypeError', message: aHandler });
  assert.throws(() => createHandler({} as never), { name: 'TypeError', message: notServer });
});

test('an answer whose headers node refuses (a hook put a newline in one) is a 500 logged as an error, not a reset connection', async () => {
  const lines: { level: string; message: string; fields: unknown }[] = [];
  const server = createServer({ name: 'bad-header', version: '1.0.0', logger: recordingLogger(lines) });
  const running = await serve(server, {
    port: 0,
    handleSignals: false,
    authenticate: () => ({ status: 401, headers: { 'www-authenticate': 'Bearer realm="a\nb"' }, body: '' }),
  });
  try {
    const { headers, body } = mcpRequest('tools/list');
    const response = await fetch(running.url, { method: 'POST', headers, body });
    assert.equal(response.status, 500);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.equal(response.headers.get('www-authenticate'), null);
    assert.deepEqual(await response.json(), {
      jsonrpc: '2.0',
      error: { code: -32603, message: 'Internal error' },
    });
    const errors = lines.filter((line) => line.level === 'error');
    assert.deepEqual(
      errors.map((line) => [line.message, (line.fields as { error: NodeJS.ErrnoException }).error.code]),
      [['the answer could not be written', 'ERR_INVALID_CHAR']],
    );
  } finally {
    await running.close();
  }
});

test('an error of the listening server is logged, and the server goes on answering', async () => {
  const lines: { level: string; message: string; fields: unknown }[] = [];
  const server = createServer({ name: 'serve-error', version: '1.0.0', logger: recordingLogger(lines) });
  const running = await serve(server, { port: 0, handleSignals: false });
  try {
    const failure = Object.assign(new Error('accept failed'), { code: 'EMFILE' });
    running.httpServer.emit('error', failure);
    assert.deepEqual(lines, [
      { level: 'error', message: 'the HTTP server failed', fields: { error: failure } },
    ]);
    const health = await fetch(running.url.replace(/\/mcp$/, '/health'));
    assert.equal(health.status, 200);
  } finally {
    await running.close();
  }
});

test('a JSON answer goes out with its Content-Length, not chunked; a HEAD keeps no length of its empty body', async () => {
  const server = createServer({ name: 'serve-length', version: '1.0.0' });
  const running = await serve(server, { port: 0, handleSignals: false });
  try {
    const { headers, body } = mcpRequest('tools/list');
    const response = await fetch(running.url, { method: 'POST', headers, body });
    const text = await response.text();
    assert.equal(response.headers.get('content-length'), String(Buffer.byteLength(text)));
    assert.equal(response.headers.get('transfer-encoding'), null);
    const card = running.url.replace(/\/mcp$/, '/mcp/server-card');
    const head = await fetch(card, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), null);
  } finally {
    await running.close();
  }
});

test('an event stream that throws after its head went out is logged as an error, not as a client that left', async () => {
  const lines: { level: string; message: string; fields: unknown }[] = [];
  const server = createServer({
    name: 'serve-stream-error',
    version: '1.0.0',
    logger: recordingLogger(lines),
  });
  const failure = new Error('the producer broke');
  const running = await serve(server, {
    port: 0,
    handleSignals: false,
    // A hook's own Reply with an event stream whose producer throws after its first event.
    authenticate: () => ({
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      body: (async function* () {
        yield ': first\n\n';
        throw failure;
      })(),
    }),
  });
  try {
    const { headers, body } = mcpRequest('tools/list');
    const response = await fetch(running.url, { method: 'POST', headers, body });
    await response.text().catch(() => undefined);
    for (let waited = 0; lines.length === 0 && waited < 100; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.deepEqual(
      lines.map((line) => [line.level, line.message, (line.fields as { error?: unknown }).error]),
      [['error', 'could not finish writing the answer', failure]],
    );
  } finally {
    await running.close();
  }
});
