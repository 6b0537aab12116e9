import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  Client as ModernSdkClient,
  StreamableHTTPClientTransport as ModernSdkTransport,
} from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { startTestServer, type TestServer } from 'lambda-mcp/testing/servers';
import { createFixtureServer } from './fixture-server.ts';
import { RecordingFetch } from './recording-fetch.ts';

/**
 * 2025-era clients against the legacy lane over real HTTP on loopback: the 1.x SDK
 * (`@modelcontextprotocol/sdk`, which always offers 2025-11-25), and the 2.x client in
 * its default legacy mode pinned to 2025-06-18 and 2025-03-26 (the 1.x client cannot be
 * told to offer an older revision). Every response is validated against the schema of
 * the revision the handshake negotiated.
 */

type Progress = { progress: number; total?: number; message?: string };
type ToolResult = { content: unknown; structuredContent?: unknown; isError?: boolean };

/** What the suite needs from a client: the 1.x and 2.x APIs differ only in callTool's signature. */
interface LegacySession {
  negotiatedVersion(): string | undefined;
  listTools(): Promise<{ tools: { name: string; outputSchema?: unknown }[] }>;
  callTool(
    name: string,
    args: Record<string, unknown>,
    onprogress?: (p: Progress) => void,
  ): Promise<ToolResult>;
  listResources(): Promise<{ resources: { uri: string }[] }>;
  listResourceTemplates(): Promise<{ resourceTemplates: { uriTemplate: string }[] }>;
  readResource(uri: string): Promise<{ contents: unknown }>;
  getPrompt(name: string, args: Record<string, string>): Promise<{ messages: unknown }>;
  complete(
    ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string },
    name: string,
    value: string,
  ): Promise<{ completion: { values: string[] } }>;
  ping(): Promise<unknown>;
  close(): Promise<void>;
}

function describeLegacyLane(
  title: string,
  version: string,
  connect: (url: string, fetch: RecordingFetch) => Promise<LegacySession>,
): void {
  describe(title, () => {
    let running: TestServer;
    let recording: RecordingFetch;
    let session: LegacySession;

    before(async () => {
      running = await startTestServer(createFixtureServer());
      recording = new RecordingFetch();
      session = await connect(running.url, recording);
    });

    after(async () => {
      await session.close();
      await running.close();
    });

    test(`initializes statelessly on ${version}, without Mcp-Session-Id`, () => {
      assert.equal(session.negotiatedVersion(), version);
      const initialize = recording.exchanges.find((e) => e.method === 'initialize');
      assert.equal(initialize?.status, 200);
      assert.equal(initialize?.headers.get('mcp-session-id'), null);
      const [answer] = recording.messagesOf('initialize') as { result: Record<string, unknown> }[];
      assert.equal(answer?.result.protocolVersion, version);
      assert.deepEqual(answer?.result.serverInfo, {
        name: 'interop/fixture',
        version: '1.2.3',
        title: 'Interop fixture',
      });
      assert.equal(answer?.result.instructions, 'A fixture for client interop tests.');
    });

    test('lists and calls tools', async () => {
      const { tools } = await session.listTools();
      assert.deepEqual(
        tools.map((t) => t.name),
        ['echo', 'add', 'count_slowly', 'find_task', 'book_table', 'local_time'],
      );
      const result = await session.callTool('echo', { text: 'hello' });
      assert.deepEqual(result.content, [{ type: 'text', text: 'hello' }]);
    });

    test('returns structured output', async () => {
      const result = await session.callTool('add', { a: 1, b: 2 });
      assert.deepEqual(result.structuredContent, { sum: 3 });
    });

    test('turns a ToolError into an isError result with its text', async () => {
      const result = await session.callTool('find_task', { id: 7 });
      assert.equal(result.isError, true);
      assert.deepEqual(result.content, [
        { type: 'text', text: 'NOT_FOUND: Task 7 not found. Call list_tasks to see valid ids.' },
      ]);
    });

    test('reports progress over an SSE response', async () => {
      const progress: Progress[] = [];
      const result = await session.callTool('count_slowly', { to: 2 }, (p) => progress.push(p));
      assert.deepEqual(result.content, [{ type: 'text', text: 'counted to 2' }]);
      assert.deepEqual(
        progress.map((p) => [p.progress, p.total, p.message]),
        [
          [1, 2, 'step 1'],
          [2, 2, 'step 2'],
        ],
      );
    });

    test('lists and reads resources, directly and through a template', async () => {
      const { resources } = await session.listResources();
      assert.deepEqual(
        resources.map((r) => r.uri),
        ['info://server', 'notes://lambda', 'notes://latency', 'notes://logging'],
      );
      const { resourceTemplates } = await session.listResourceTemplates();
      assert.deepEqual(
        resourceTemplates.map((t) => t.uriTemplate),
        ['notes://{topic}'],
      );
      const { contents } = await session.readResource('notes://logging');
      assert.deepEqual(contents, [
        {
          uri: 'notes://logging',
          mimeType: 'text/markdown',
          text: '# logging\n\nLog JSON lines with a request id.',
        },
      ]);
    });

    test('gets a prompt and completes its argument and a template variable', async () => {
      const { messages } = await session.getPrompt('review_code', { language: 'python' });
      assert.deepEqual(messages, [
        { role: 'user', content: { type: 'text', text: 'Review this python code.' } },
      ]);
      const prompt = await session.complete({ type: 'ref/prompt', name: 'review_code' }, 'language', 'type');
      assert.deepEqual(prompt.completion.values, ['typescript']);
      const template = await session.complete(
        { type: 'ref/resource', uri: 'notes://{topic}' },
        'topic',
        'lo',
      );
      assert.deepEqual(template.completion.values, ['logging']);
    });

    test('answers ping', async () => {
      assert.deepEqual(await session.ping(), {});
    });

    // Runs last: covers every exchange of the tests above.
    test(`sent only responses and notifications that match the ${version} schema`, () => {
      const requests = recording.exchanges.filter((e) => e.method !== 'notifications/initialized');
      assert.ok(requests.length >= 12, `recorded ${requests.length} requests`);
      // After initialize, every request named the negotiated revision in its header.
      for (const exchange of requests.slice(1)) {
        assert.equal(exchange.requestHeaders.get('mcp-protocol-version'), version, exchange.method);
      }
      assert.deepEqual(recording.violations, []);
    });
  });
}

describeLegacyLane('1.x SDK client (2025-11-25) over loopback HTTP', '2025-11-25', async (url, recording) => {
  const client = new Client({ name: 'interop-legacy', version: '0.0.1' });
  const transport = new StreamableHTTPClientTransport(new URL(url), { fetch: recording.fetch });
  await client.connect(transport);
  assert.equal(transport.sessionId, undefined);
  return {
    negotiatedVersion: () => transport.protocolVersion,
    listTools: () => client.listTools(),
    callTool: (name, args, onprogress) =>
      client.callTool(
        { name, arguments: args },
        undefined,
        onprogress ? { onprogress } : {},
      ) as Promise<ToolResult>,
    listResources: () => client.listResources(),
    listResourceTemplates: () => client.listResourceTemplates(),
    readResource: (uri) => client.readResource({ uri }),
    getPrompt: (name, args) => client.getPrompt({ name, arguments: args }),
    complete: (ref, name, value) => client.complete({ ref, argument: { name, value } }),
    ping: () => client.ping(),
    close: () => client.close(),
  };
});

for (const version of ['2025-06-18', '2025-03-26']) {
  describeLegacyLane(
    `2.x client pinned to ${version} over loopback HTTP`,
    version,
    async (url, recording) => {
      const client = new ModernSdkClient(
        { name: 'interop-legacy', version: '0.0.1' },
        { supportedProtocolVersions: [version] },
      );
      const transport = new ModernSdkTransport(new URL(url), { fetch: recording.fetch });
      await client.connect(transport);
      return {
        negotiatedVersion: () => client.getNegotiatedProtocolVersion(),
        listTools: () => client.listTools(),
        callTool: (name, args, onprogress) =>
          client.callTool({ name, arguments: args }, onprogress ? { onprogress } : {}) as Promise<ToolResult>,
        listResources: () => client.listResources(),
        listResourceTemplates: () => client.listResourceTemplates(),
        readResource: (uri) => client.readResource({ uri }),
        getPrompt: (name, args) => client.getPrompt({ name, arguments: args }),
        complete: (ref, name, value) => client.complete({ ref, argument: { name, value } }),
        ping: () => client.ping(),
        close: () => client.close(),
      };
    },
  );
}

describe('1.x SDK client errors on the legacy lane', () => {
  let running: TestServer;
  let client: Client;

  before(async () => {
    running = await startTestServer(createFixtureServer());
    client = new Client({ name: 'interop-legacy', version: '0.0.1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(running.url)));
  });

  after(async () => {
    await client.close();
    await running.close();
  });

  test('rejects an unknown tool with -32602', async () => {
    await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }), (error: unknown) => {
      assert.ok(error instanceof McpError);
      assert.equal(error.code, -32602);
      assert.match(
        error.message,
        /Unknown tool: no_such_tool\. Call tools\/list to see the available tools\./,
      );
      return true;
    });
  });

  test('rejects an unknown resource with -32002', async () => {
    await assert.rejects(client.readResource({ uri: 'info://missing' }), (error: unknown) => {
      assert.ok(error instanceof McpError);
      assert.equal(error.code, -32002);
      assert.match(error.message, /Resource not found: info:\/\/missing/);
      return true;
    });
  });

  test('refuses a tool that needs elicitation, which the legacy lane cannot ask for', async () => {
    await assert.rejects(
      client.callTool({ name: 'book_table', arguments: { restaurant: 'Chez Lambda' } }),
      (error: unknown) => {
        assert.ok(error instanceof McpError);
        assert.equal(error.code, -32600);
        assert.match(error.message, /needs input from the client \(elicitation\).*2026-07-28/);
        return true;
      },
    );
  });
});
