// `lambda-mcp proxy` driven over stdio by the official clients (1.x, and 2.x on both
// revisions), in front of real servers: examples/everything behind an API key (2026-07-28,
// MRTR), a server built with the official SDK 2.x, a stateful 2025-only one built with 1.x,
// and the ways a remote can fail.
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { createServer } from 'lambda-mcp';
import { apiKeyAuth, createKey, memoryKeyStore } from 'lambda-mcp/auth';
import { startTestServer, type TestServer } from 'lambda-mcp/testing/servers';
import { server as everything } from '../../../examples/everything/src/server.ts';
import { serveOfficialSdkServer } from './fixtures/official-sdk-server.ts';
import { serveCarelessServer } from './fixtures/proxy-careless-server.ts';
import { connect1x, connect2x, INITIALIZE, runProxyLines } from './fixtures/proxy-clients.ts';
import { type LegacySdkServer, serveLegacySdkServer } from './fixtures/proxy-legacy-sdk-server.ts';
import { serveScripted } from './fixtures/scripted-server.ts';

/** A server whose one tool waits until its request is cancelled, and says when it started and stopped. */
function cancellableServer() {
  let started!: () => void;
  let stopped!: (reason: unknown) => void;
  const events = {
    started: new Promise<void>((resolve) => {
      started = resolve;
    }),
    stopped: new Promise<unknown>((resolve) => {
      stopped = resolve;
    }),
  };
  const server = createServer({ name: 'test/cancellable', version: '1.0.0' });
  server.tool(
    'wait_for_cancel',
    { description: 'Waits until the request is cancelled.' },
    async (_i, ctx) => {
      started();
      await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
      stopped(ctx.signal.reason);
      return 'cancelled';
    },
  );
  return { server, events };
}

async function serveHtml(): Promise<{ url: string; server: Server }> {
  const server = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><p>Hello</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** A server that takes every request and never answers it: a hung remote. */
async function serveSilent(): Promise<{ url: string; server: Server }> {
  const server = createHttpServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, server };
}

/**
 * A 2025-only server whose tools/call stream ends after a log message, before the response (a
 * crash, or Lambda's timeout cutting a streamed answer).
 */
function serveCutStream(): Promise<{ url: string; server: Server }> {
  return serveScripted(({ id, method }, res) => {
    if (method === 'initialize') {
      const result = {
        protocolVersion: '2025-11-25',
        capabilities: { tools: {} },
        serverInfo: { name: 'cut', version: '1' },
      };
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id, result }));
    } else if (method === 'tools/call') {
      const log = {
        jsonrpc: '2.0',
        method: 'notifications/message',
        params: { level: 'info', data: 'started' },
      };
      res.writeHead(200, { 'content-type': 'text/event-stream' }).end(`data: ${JSON.stringify(log)}\n\n`);
    } else if (id === undefined) {
      res.writeHead(202).end();
    } else {
      const error = { code: -32601, message: `Method not found: ${method}` };
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id, error }));
    }
  });
}

async function closedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const textOf = (result: unknown) => (result as { content: { text: string }[] }).content[0]?.text;

describe('lambda-mcp proxy', { concurrency: 4 }, () => {
  let guarded: TestServer;
  let key: string;
  let official: Awaited<ReturnType<typeof serveOfficialSdkServer>>;
  let legacy: LegacySdkServer;
  let html: Awaited<ReturnType<typeof serveHtml>>;
  let silent: Awaited<ReturnType<typeof serveSilent>>;
  const cancellable = cancellableServer();
  let cancellableUrl: TestServer;
  let careless: Awaited<ReturnType<typeof serveCarelessServer>>;

  before(async () => {
    const store = memoryKeyStore();
    ({ key } = await createKey(store, { tenant: 'proxy', name: 'proxy test' }));
    [guarded, official, legacy, html, silent, cancellableUrl, careless] = await Promise.all([
      startTestServer(everything, { auth: apiKeyAuth({ store }) }),
      serveOfficialSdkServer(),
      serveLegacySdkServer(),
      serveHtml(),
      serveSilent(),
      startTestServer(cancellable.server),
      serveCarelessServer(),
    ]);
  });
  after(async () => {
    html.server.close();
    silent.server.closeAllConnections();
    silent.server.close();
    await Promise.all([
      guarded.close(),
      official.close(),
      legacy.close(),
      cancellableUrl.close(),
      careless.close(),
    ]);
  });

  const withKey = () => [guarded.url, '--header', `x-api-key: ${key}`];

  test('the 1.x client lists and calls the tools of examples/everything behind an API key', async () => {
    const { client, close } = await connect1x(withKey());
    try {
      assert.equal(client.getServerVersion()?.name, 'example/everything');
      const { tools } = await client.listTools();
      assert.ok(tools.some((tool) => tool.name === 'test_region_lookup'));
      // test_region_lookup mirrors `region` into an Mcp-Param header: the proxy adds it.
      const result = await client.callTool({
        name: 'test_region_lookup',
        arguments: { region: 'us-west1', query: 'quotas' },
      });
      assert.equal(textOf(result), 'Looked up quotas in us-west1.');
    } finally {
      await close();
    }
  });

  test('the 2.x client negotiates 2026-07-28 through the proxy and answers MRTR itself', async () => {
    const asked: string[] = [];
    const { client, close } = await connect2x(withKey(), {
      mode: 'auto',
      elicit: (message) => {
        asked.push(message);
        return { action: 'accept', content: { name: 'Grace' } };
      },
    });
    try {
      assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
      const result = await client.callTool({ name: 'test_input_required_result_elicitation', arguments: {} });
      assert.equal(textOf(result), 'Hello, Grace!');
      assert.deepEqual(asked, ['What is your name?']);
    } finally {
      await close();
    }
  });

  test("a 2025 client's elicitation handler answers a 2026-07-28 tool's input requests, round after round", async () => {
    const asked: string[] = [];
    const answers: Record<string, string>[] = [{ name: 'Ada' }, { color: 'green' }];
    const { client, close } = await connect1x(withKey(), {
      elicit: (message) => {
        asked.push(message);
        return { action: 'accept', content: answers[asked.length - 1] };
      },
    });
    try {
      const result = await client.callTool({ name: 'test_input_required_result_multi_round', arguments: {} });
      assert.equal(textOf(result), 'Ada likes green.');
      assert.deepEqual(asked, ['Step 1: What is your name?', 'Step 2: What is your favorite color?']);
    } finally {
      await close();
    }
  });

  test("a 2025 client's sampling handler answers a 2026-07-28 tool's sampling request", async () => {
    const prompts: string[] = [];
    const { client, close } = await connect2x(withKey(), {
      mode: 'legacy',
      sample: (prompt) => {
        prompts.push(prompt);
        return 'Paris';
      },
    });
    try {
      assert.equal(client.getNegotiatedProtocolVersion(), '2025-11-25');
      const result = await client.callTool({ name: 'test_input_required_result_sampling', arguments: {} });
      assert.equal(textOf(result), 'The model answered: Paris');
      assert.deepEqual(prompts, ['What is the capital of France?']);
    } finally {
      await close();
    }
  });

  test('a 2025 client without the elicitation capability gets one clear error', async () => {
    const { client, close } = await connect1x(withKey());
    try {
      // The proxy passes the client's real capabilities: the server itself says what is missing.
      await assert.rejects(
        client.callTool({ name: 'test_input_required_result_elicitation', arguments: {} }),
        { message: 'MCP error -32021: Missing required client capability: elicitation' },
      );
    } finally {
      await close();
    }
  });

  test('input the client cannot give is refused by the proxy with the capability it lacks', async () => {
    const { client, close } = await connect1x([careless.url]);
    try {
      await assert.rejects(client.callTool({ name: 'anything', arguments: {} }), {
        code: -32021,
        message:
          'MCP error -32021: The server needs elicitation from the client to finish tools/call, and this client did not declare the elicitation capability: use a client that supports elicitation.',
        data: { requiredCapabilities: { elicitation: {} } },
      });
    } finally {
      await close();
    }
  });

  test('progress notifications reach the client in order, before the result', async () => {
    // Raw lines, not a client: the official clients dispatch notifications a microtask after
    // responses, so one read holding the last progress and the result loses that progress.
    const call = {
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'test_tool_with_progress', arguments: {}, _meta: { progressToken: 'p-1' } },
    };

    const run = await runProxyLines(withKey(), [INITIALIZE, call]);

    const progress = (step: number) => ({
      jsonrpc: '2.0',
      method: 'notifications/progress',
      params: { progressToken: 'p-1', progress: step, total: 100, message: `Completed step ${step} of 100` },
    });
    assert.deepEqual(run.messages.slice(1, 4), [progress(0), progress(50), progress(100)]);
    const answer = run.messages[4] as { id: number; result: { content: unknown } };
    assert.deepEqual([answer.id, answer.result.content], [2, [{ type: 'text', text: 'p-1' }]]);
    assert.equal(run.messages.length, 5);
    assert.equal(run.code, 0);
  });

  test("logging/setLevel becomes the 2026-07-28 request's log level: messages from it on are relayed", async () => {
    const setLevel = { jsonrpc: '2.0', id: 2, method: 'logging/setLevel', params: { level: 'info' } };
    const call = { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'test_logging_tool' } };

    const run = await runProxyLines(withKey(), [INITIALIZE, setLevel, call]);

    const logged = run.messages.filter((message) => message.method === 'notifications/message');
    assert.deepEqual(
      logged.map((message) => (message.params as { level: string; data: string }).data),
      ['info message', 'warning message'],
    );
    assert.deepEqual(run.messages[1], { jsonrpc: '2.0', id: 2, result: {} });
  });

  test("the client's roots answer a 2026-07-28 tool's roots/list input request", async () => {
    const { client, close } = await connect1x(withKey(), { roots: ['file:///work/project'] });
    try {
      const result = await client.callTool({ name: 'test_input_required_result_list_roots', arguments: {} });
      assert.equal(textOf(result), 'Client roots: file:///work/project');
    } finally {
      await close();
    }
  });

  test('cancelling a call closes the remote request, and the tool sees its signal abort', async () => {
    const { client, close } = await connect1x([cancellableUrl.url]);
    try {
      const controller = new AbortController();
      const call = client.callTool({ name: 'wait_for_cancel', arguments: {} }, undefined, {
        signal: controller.signal,
      });
      await cancellable.events.started;
      controller.abort(new Error('the user pressed stop'));
      await assert.rejects(call, /the user pressed stop/);
      await cancellable.events.stopped;
      // The proxy still serves the client after a cancellation.
      assert.deepEqual(
        (await client.listTools()).tools.map((tool) => tool.name),
        ['wait_for_cancel'],
      );
    } finally {
      await close();
    }
  });

  test('the 1.x and 2.x clients call a server built with the official SDK 2.x', async () => {
    const one = await connect1x([official.url]);
    const two = await connect2x([official.url], { mode: 'auto' });
    try {
      assert.equal(textOf(await one.client.callTool({ name: 'add', arguments: { a: 2, b: 40 } })), '42');
      assert.equal(two.client.getNegotiatedProtocolVersion(), '2026-07-28');
      assert.equal(textOf(await two.client.callTool({ name: 'add', arguments: { a: 1, b: 1 } })), '2');
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  test('a stateful 2025 server gets its session id back and its elicitation request relayed', async () => {
    const { client, close } = await connect1x([legacy.url], {
      elicit: () => ({ action: 'accept', content: { name: 'Linus' } }),
    });
    try {
      assert.equal(client.getServerVersion()?.name, 'official/sdk-1x-fixture');
      // The fixture refuses requests without the session id it issued: this answer proves it came back.
      assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { text: 'hi' } })), 'hi');
      assert.equal(textOf(await client.callTool({ name: 'ask_name', arguments: {} })), 'Asked by Linus');
    } finally {
      await close();
    }
  });

  test('the 2.x client probing for 2026-07-28 falls back to initialize with a 2025-only server', async () => {
    const { client, close } = await connect2x([legacy.url], { mode: 'auto' });
    try {
      assert.equal(client.getNegotiatedProtocolVersion(), '2025-11-25');
      assert.equal(textOf(await client.callTool({ name: 'echo', arguments: { text: 'ok' } })), 'ok');
    } finally {
      await close();
    }
  });

  test("a 2025 session's GET stream is relayed: the server's list change reaches the client", async () => {
    // A server of its own: the stream it waits for must be this client's session's.
    const alone = await serveLegacySdkServer();
    const { client, close } = await connect1x([alone.url]);
    try {
      const changed = new Promise<void>((resolve) =>
        client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
      );
      await alone.streamOpened;
      await client.callTool({ name: 'add_tool', arguments: {} });
      await changed;
      assert.ok((await client.listTools()).tools.some((tool) => tool.name === 'added'));
    } finally {
      await close();
      await alone.close();
    }
  });

  test('without the key: the 401 is one JSON-RPC error and one stderr line, and the proxy exits 1', async () => {
    const run = await runProxyLines([guarded.url], [INITIALIZE]);

    const message = `${guarded.url} answered 401 Unauthorized: it needs a token or key. Pass --token <token> or --header 'Name: key'.`;
    assert.deepEqual(run.messages, [{ jsonrpc: '2.0', id: 1, error: { code: -32001, message } }]);
    assert.equal(run.stderr, `lambda-mcp proxy: ${message}\n`);
    assert.equal(run.code, 1);
  });

  test('the 1.x client sees the 401 as the error of its connect', async () => {
    await assert.rejects(connect1x([guarded.url]), {
      message: `MCP error -32001: ${guarded.url} answered 401 Unauthorized: it needs a token or key. Pass --token <token> or --header 'Name: key'.`,
    });
  });

  test('an unreachable URL: one error, one stderr line, exit 1', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/mcp`;

    const run = await runProxyLines([url], [INITIALIZE]);

    const message = `cannot reach ${url} (connection refused). Is the server running? Check the host and port.`;
    assert.deepEqual(run.messages, [{ jsonrpc: '2.0', id: 1, error: { code: -32000, message } }]);
    assert.equal(run.stderr, `lambda-mcp proxy: ${message}\n`);
    assert.equal(run.code, 1);
  });

  test('a web page that is not an MCP server: one error, one stderr line, exit 1', async () => {
    const run = await runProxyLines([html.url], [INITIALIZE]);

    const message = `${html.url} is not an MCP endpoint: it answered HTTP 200 text/html, not JSON-RPC. Check the URL path (lambda-mcp servers answer on /mcp).`;
    assert.deepEqual(run.messages, [{ jsonrpc: '2.0', id: 1, error: { code: -32000, message } }]);
    assert.equal(run.stderr, `lambda-mcp proxy: ${message}\n`);
    assert.equal(run.code, 1);
  });

  test('a remote that never answers: closing stdin still ends the proxy, with one stderr line, exit 1', async () => {
    const run = await runProxyLines([silent.url], [INITIALIZE]);

    assert.deepEqual(run.messages, []);
    assert.equal(
      run.stderr,
      `lambda-mcp proxy: stdin closed and ${silent.url} had not answered 1 request 5 s later: gave up\n`,
    );
    assert.equal(run.code, 1);
  });

  test('a 2025 remote whose answer ends without the response: the client gets an error, not silence', async () => {
    const cut = await serveCutStream();
    try {
      const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 't', arguments: {} } };
      const run = await runProxyLines([cut.url], [INITIALIZE, call]);

      const message = `${cut.url} ended its answer to tools/call without a result.`;
      assert.deepEqual(run.messages.slice(1), [
        { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'started' } },
        { jsonrpc: '2.0', id: 2, error: { code: -32603, message } },
      ]);
      assert.equal(run.stderr, `lambda-mcp proxy: ${message}\n`);
      assert.equal(run.code, 0);
    } finally {
      cut.server.close();
    }
  });

  test('a tools/call of a tool the listing never names, from a remote that repeats its cursor, is still sent', async () => {
    // To mirror x-mcp-header arguments the proxy lists the tools first: page after page of the same cursor.
    const { url, server: looping } = await serveScripted(({ id, method }, res) => {
      const answer =
        method === 'tools/list'
          ? { jsonrpc: '2.0', id, result: { tools: [], nextCursor: 'again' } }
          : { jsonrpc: '2.0', id, error: { code: -32602, message: 'Unknown tool: missing' } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
    try {
      const _meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' };
      const call = {
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'missing', arguments: {}, _meta },
      };
      const run = await runProxyLines([url], [call]);

      assert.deepEqual(run.messages, [
        { jsonrpc: '2.0', id: 7, error: { code: -32602, message: 'Unknown tool: missing' } },
      ]);
      assert.equal(run.code, 0);
    } finally {
      looping.closeAllConnections();
      looping.close();
    }
  });

  test('a line that is not JSON gets -32700 and the proxy carries on', async () => {
    const run = await runProxyLines(withKey(), ['not json', INITIALIZE]);

    assert.deepEqual(run.messages[0], {
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error: a line on stdin is not JSON' },
    });
    assert.equal(
      (run.messages[1] as { result: { protocolVersion: string } }).result.protocolVersion,
      '2025-11-25',
    );
    assert.equal(run.code, 0);
  });

  const BAD: { name: string; args: string[]; stderr: string }[] = [
    {
      name: 'a missing URL',
      args: [],
      stderr: 'lambda-mcp proxy: missing the server URL: lambda-mcp proxy https://example.com/mcp\n',
    },
    {
      name: 'a URL that is not http',
      args: ['localhost:3000/mcp'],
      stderr:
        'lambda-mcp proxy: "localhost:3000/mcp" is not an http(s) URL: give the MCP endpoint, e.g. http://127.0.0.1:3000/mcp\n',
    },
    {
      name: 'an unknown option',
      args: ['http://127.0.0.1:9/mcp', '--verbose'],
      stderr: 'lambda-mcp proxy: unknown option --verbose. Run lambda-mcp proxy --help for its options.\n',
    },
    {
      // Node refuses to send it: every message failed as "cannot reach ... Is the server running?".
      name: 'a --header value with a line break',
      args: ['http://127.0.0.1:9/mcp', '--header', 'X-Api-Key: abc\r\nX-Injected: 1'],
      stderr:
        'lambda-mcp proxy: --header X-Api-Key: the value holds a line break or another character no HTTP header may carry\n',
    },
    {
      // It was used as it was: the listen failed, and the sign-in took another port unannounced.
      name: 'a --callback-port past 65535',
      args: ['http://127.0.0.1:9/mcp', '--callback-port', '65536'],
      stderr: 'lambda-mcp proxy: --callback-port must be at most 65535, not 65536\n',
    },
    {
      name: 'a --token with a line break',
      args: ['http://127.0.0.1:9/mcp', '--token', 'abc\r\n'],
      stderr: 'lambda-mcp proxy: --token holds a line break or another character no HTTP header may carry\n',
    },
  ];
  for (const bad of BAD) {
    test(`${bad.name} prints one line and exits 2`, async () => {
      const run = await runProxyLines(bad.args, []);

      assert.equal(run.stderr, bad.stderr);
      assert.equal(run.code, 2);
    });
  }
});
