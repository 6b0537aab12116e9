import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, ProtocolError, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createServer, silentLogger, ToolError } from 'lambda-mcp';
import { createInProcessFetch } from 'lambda-mcp/testing';
import { startTestServer, type TestServer } from 'lambda-mcp/testing/servers';
import { createFixtureServer } from './fixture-server.ts';
import { RecordingFetch } from './recording-fetch.ts';

/**
 * The 2.x official client (`@modelcontextprotocol/client`) negotiating 2026-07-28, over
 * real HTTP on loopback (node adapter) and in process (fetch adapter). Every response it
 * receives is validated against the 2026-07-28 schema.
 */

interface Host {
  name: string;
  start(): Promise<{ url: string; fetch: RecordingFetch; close(): Promise<void> }>;
}

const HOSTS: Host[] = [
  {
    name: 'node adapter over loopback HTTP',
    async start() {
      const running: TestServer = await startTestServer(createFixtureServer());
      return { url: running.url, fetch: new RecordingFetch(), close: running.close };
    },
  },
  {
    name: 'fetch adapter in process',
    async start() {
      const fetch = new RecordingFetch(createInProcessFetch(createFixtureServer()));
      return { url: 'http://in-process.test/mcp', fetch, close: async () => {} };
    },
  },
];

const LOG_LEVEL_META = 'io.modelcontextprotocol/logLevel';

for (const host of HOSTS) {
  describe(`2.x client on 2026-07-28, ${host.name}`, () => {
    let target: Awaited<ReturnType<Host['start']>>;
    let client: Client;
    let elicitationAnswer: { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, number> };
    const elicitationMessages: string[] = [];

    before(async () => {
      target = await host.start();
      client = new Client(
        { name: 'interop-test', version: '0.0.1' },
        { versionNegotiation: { mode: 'auto' }, capabilities: { elicitation: { form: {} } } },
      );
      client.setRequestHandler('elicitation/create', (request) => {
        elicitationMessages.push(request.params.message);
        return elicitationAnswer;
      });
      const transport = new StreamableHTTPClientTransport(new URL(target.url), { fetch: target.fetch.fetch });
      await client.connect(transport);
    });

    after(async () => {
      await client.close();
      await target.close();
    });

    test('negotiates 2026-07-28 through server/discover', () => {
      assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
      assert.deepEqual(client.getServerVersion(), {
        name: 'interop/fixture',
        version: '1.2.3',
        title: 'Interop fixture',
      });
      assert.equal(target.fetch.exchanges[0]?.method, 'server/discover');
      assert.equal(
        target.fetch.exchanges.some((e) => e.method === 'initialize'),
        false,
      );
    });

    test('lists the tools with their input and output schemas', async () => {
      const { tools } = await client.listTools();
      assert.deepEqual(
        tools.map((t) => t.name),
        ['echo', 'add', 'count_slowly', 'find_task', 'book_table', 'local_time'],
      );
      const add = tools.find((t) => t.name === 'add');
      assert.equal(add?.inputSchema.type, 'object');
      assert.deepEqual(add?.outputSchema?.required, ['sum']);
      assert.deepEqual(add?.annotations, { readOnlyHint: true });
    });

    test('calls a tool that returns text', async () => {
      const result = await client.callTool({ name: 'echo', arguments: { text: 'hello' } });
      assert.deepEqual(result.content, [{ type: 'text', text: 'hello' }]);
      assert.equal(result.isError, undefined);
    });

    test('returns structured output matching the outputSchema', async () => {
      const result = await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } });
      assert.deepEqual(result.structuredContent, { sum: 42 });
      assert.deepEqual(result.content, [{ type: 'text', text: '{"sum":42}' }]);
    });

    test('mirrors an x-mcp-header argument into Mcp-Param-*, non-ASCII values as Base64', async () => {
      const sent: Record<string, string> = { Europe: 'Europe', 'São Paulo': '=?base64?U8OjbyBQYXVsbw==?=' };
      for (const [region, header] of Object.entries(sent)) {
        const result = await client.callTool({ name: 'local_time', arguments: { region, city: 'Lisboa' } });
        assert.deepEqual(result.content, [{ type: 'text', text: `It is noon in Lisboa, ${region}.` }]);
        const exchange = target.fetch.exchanges.findLast((e) => e.method === 'tools/call');
        assert.equal(exchange?.requestHeaders.get('mcp-param-region'), header);
      }
    });

    test('turns a ToolError into an isError result with its text', async () => {
      const result = await client.callTool({ name: 'find_task', arguments: { id: 42 } });
      assert.equal(result.isError, true);
      assert.deepEqual(result.content, [
        { type: 'text', text: 'NOT_FOUND: Task 42 not found. Call list_tasks to see valid ids.' },
      ]);
    });

    test('rejects an unknown tool with -32602', async () => {
      await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }), (error: unknown) => {
        assert.ok(error instanceof ProtocolError);
        assert.equal(error.code, -32602);
        assert.match(error.message, /Unknown tool: no_such_tool\. Call tools\/list/);
        return true;
      });
    });

    test('delivers progress notifications to onprogress', async () => {
      const progress: { progress: number; total?: number; message?: string }[] = [];
      const result = await client.callTool(
        { name: 'count_slowly', arguments: { to: 3 } },
        { onprogress: (p) => progress.push(p) },
      );
      assert.deepEqual(result.content, [{ type: 'text', text: 'counted to 3' }]);
      const exchange = target.fetch.exchanges.findLast((e) => e.method === 'tools/call');
      assert.equal(exchange?.headers.get('content-type'), 'text/event-stream');
      assert.deepEqual(
        progress.map(({ progress: p, total, message }) => ({ progress: p, total, message })),
        [
          { progress: 1, total: 3, message: 'step 1' },
          { progress: 2, total: 3, message: 'step 2' },
          { progress: 3, total: 3, message: 'step 3' },
        ],
      );
    });

    test('sends log messages at or above the level named in _meta', async () => {
      const logged: unknown[] = [];
      client.setNotificationHandler('notifications/message', (n) => {
        logged.push(n.params);
      });
      await client.callTool({
        name: 'count_slowly',
        arguments: { to: 2 },
        _meta: { [LOG_LEVEL_META]: 'info' },
      });
      assert.deepEqual(logged, [
        { level: 'info', data: 'counted 1', logger: 'counter' },
        { level: 'info', data: 'counted 2', logger: 'counter' },
      ]);
    });

    test('lists resources, including those a template lists', async () => {
      const { resources } = await client.listResources();
      assert.deepEqual(
        resources.map((r) => r.uri),
        ['info://server', 'notes://lambda', 'notes://latency', 'notes://logging'],
      );
      const { contents } = await client.readResource({ uri: 'info://server' });
      assert.deepEqual(contents, [
        { uri: 'info://server', mimeType: 'text/plain', text: 'interop fixture v1.2.3' },
      ]);
    });

    test('lists templates and reads a resource through one', async () => {
      const { resourceTemplates } = await client.listResourceTemplates();
      assert.deepEqual(
        resourceTemplates.map((t) => t.uriTemplate),
        ['notes://{topic}'],
      );
      const { contents } = await client.readResource({ uri: 'notes://lambda' });
      assert.deepEqual(contents, [
        {
          uri: 'notes://lambda',
          mimeType: 'text/markdown',
          text: '# lambda\n\nLambda bills init time: keep imports lean.',
        },
      ]);
    });

    test('gets a prompt with arguments', async () => {
      const { prompts } = await client.listPrompts();
      assert.deepEqual(
        prompts.map((p) => p.name),
        ['review_code'],
      );
      const prompt = await client.getPrompt({
        name: 'review_code',
        arguments: { language: 'go', focus: 'error handling' },
      });
      assert.equal(prompt.description, 'Asks for a code review.');
      assert.deepEqual(prompt.messages, [
        { role: 'user', content: { type: 'text', text: 'Review this go code, focusing on error handling.' } },
      ]);
    });

    test('rejects a prompt without its required argument with -32602', async () => {
      await assert.rejects(client.getPrompt({ name: 'review_code', arguments: {} }), (error: unknown) => {
        assert.ok(error instanceof ProtocolError);
        assert.equal(error.code, -32602);
        assert.match(error.message, /Missing required argument for prompt review_code: language$/);
        return true;
      });
    });

    test('rejects reading an unknown resource with -32602 and HTTP 400', async () => {
      await assert.rejects(client.readResource({ uri: 'info://missing' }), (error: unknown) => {
        assert.ok(error instanceof ProtocolError);
        assert.equal(error.code, -32602);
        assert.match(error.message, /Resource not found: info:\/\/missing$/);
        return true;
      });
      const exchange = target.fetch.exchanges.findLast((e) => e.method === 'resources/read');
      assert.equal(exchange?.status, 400);
    });

    test('completes a prompt argument', async () => {
      const { completion } = await client.complete({
        ref: { type: 'ref/prompt', name: 'review_code' },
        argument: { name: 'language', value: 'ja' },
      });
      assert.deepEqual(completion.values, ['java', 'javascript']);
    });

    test('completes a template variable', async () => {
      const { completion } = await client.complete({
        ref: { type: 'ref/resource', uri: 'notes://{topic}' },
        argument: { name: 'topic', value: 'la' },
      });
      assert.deepEqual(completion.values, ['lambda', 'latency']);
    });

    test('fulfils an elicitation round trip and retries with the answer', async () => {
      elicitationAnswer = { action: 'accept', content: { seats: 4 } };
      const result = await client.callTool({ name: 'book_table', arguments: { restaurant: 'Chez Lambda' } });
      assert.deepEqual(result.content, [{ type: 'text', text: 'Booked 4 seats at Chez Lambda.' }]);
      assert.deepEqual(elicitationMessages.at(-1), 'How many seats at Chez Lambda?');
      const rounds = target.fetch.messagesOf('tools/call').filter((m) => {
        const result = (m as { result?: { resultType?: string } }).result;
        return result?.resultType === 'input_required';
      });
      assert.ok(rounds.length >= 1, 'the first round answered input_required');
    });

    test('lets the tool see a declined elicitation', async () => {
      elicitationAnswer = { action: 'decline' };
      const result = await client.callTool({ name: 'book_table', arguments: { restaurant: 'Chez Lambda' } });
      assert.deepEqual(result.content, [
        { type: 'text', text: 'No booking at Chez Lambda: the user chose decline.' },
      ]);
    });

    test('acknowledges subscriptions/listen with an empty honoured filter', async () => {
      const subscription = await client.listen({ toolsListChanged: true });
      assert.deepEqual(subscription.honoredFilter, {});
      await subscription.close();
    });

    // Runs last: covers every exchange of the tests above.
    test('sent only responses and notifications that match the 2026-07-28 schema', () => {
      const messages = target.fetch.exchanges.flatMap((e) => e.messages);
      assert.ok(messages.length >= 25, `validated ${messages.length} messages`);
      assert.deepEqual(new Set(target.fetch.exchanges.map((e) => e.revision)), new Set(['2026-07-28']));
      assert.deepEqual(target.fetch.violations, []);
    });
  });
}

describe('2.x client on 2026-07-28 without the elicitation capability', () => {
  let running: TestServer;
  let recording: RecordingFetch;
  let client: Client;

  before(async () => {
    running = await startTestServer(createFixtureServer());
    recording = new RecordingFetch();
    client = new Client({ name: 'interop-test', version: '0.0.1' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new StreamableHTTPClientTransport(new URL(running.url), { fetch: recording.fetch }));
  });

  after(async () => {
    await client.close();
    await running.close();
  });

  test('rejects a tool that elicits with -32021 naming the capability', async () => {
    await assert.rejects(
      client.callTool({ name: 'book_table', arguments: { restaurant: 'Chez Lambda' } }),
      (error: unknown) => {
        assert.ok(error instanceof ProtocolError);
        assert.equal(error.code, -32021);
        assert.equal(error.message, 'Missing required client capability: elicitation');
        return true;
      },
    );
    const exchange = recording.exchanges.findLast((e) => e.method === 'tools/call');
    assert.ok(exchange);
    assert.equal(exchange.status, 400);
    assert.deepEqual(exchange.messages, [
      {
        jsonrpc: '2.0',
        id: (exchange.messages[0] as { id: unknown }).id,
        error: {
          code: -32021,
          message: 'Missing required client capability: elicitation',
          data: { requiredCapabilities: { elicitation: {} } },
        },
      },
    ]);
    assert.deepEqual(recording.violations, []);
  });
});

describe('2.x client on 2026-07-28 against a server with pages of 2', () => {
  test('walks every page of tools/list and resources/list through nextCursor', async () => {
    const recording = new RecordingFetch(createInProcessFetch(createFixtureServer({ pageSize: 2 })));
    const client = new Client(
      { name: 'interop-test', version: '0.0.1' },
      { versionNegotiation: { mode: 'auto' } },
    );
    await client.connect(
      new StreamableHTTPClientTransport(new URL('http://in-process.test/mcp'), { fetch: recording.fetch }),
    );
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      ['echo', 'add', 'count_slowly', 'find_task', 'book_table', 'local_time'],
    );
    const { resources } = await client.listResources();
    assert.equal(resources.length, 4);
    await client.close();
    assert.equal(recording.exchanges.filter((e) => e.method === 'tools/list').length, 3);
    assert.equal(recording.exchanges.filter((e) => e.method === 'resources/list').length, 2);
    assert.deepEqual(recording.violations, []);
  });
});

describe('2.x client on 2026-07-28, a resource that fails', () => {
  test('reads the JSON-RPC error of a failed read, its code and data, not a bare HTTP error', async () => {
    const server = createServer({ name: 'failing-reads', version: '1.0.0', logger: silentLogger });
    server.resource('db://status', { name: 'status', description: 'needs the database' }, () => {
      throw new ToolError('The database is unavailable. Try again in a minute.', {
        code: 'SERVICE_UNAVAILABLE',
      });
    });
    const client = new Client(
      { name: 'interop-test', version: '0.0.1' },
      { versionNegotiation: { mode: 'auto' } },
    );
    await client.connect(
      new StreamableHTTPClientTransport(new URL('http://localhost/mcp'), {
        fetch: createInProcessFetch(server),
      }),
    );
    try {
      await assert.rejects(client.readResource({ uri: 'db://status' }), (error: unknown) => {
        assert.ok(error instanceof ProtocolError, String(error));
        assert.equal(error.code, -32603);
        assert.equal(
          error.message,
          'SERVICE_UNAVAILABLE: The database is unavailable. Try again in a minute.',
        );
        assert.deepEqual(error.data, { code: 'SERVICE_UNAVAILABLE' });
        return true;
      });
    } finally {
      await client.close();
    }
  });
});
