import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createHandler } from 'lambda-mcp/lambda';
import { lambdaFetch, SOURCES } from './lambda-fetch.ts';
import { createLambdaTestServer } from './lambda-test-server.ts';

/** The official 2.x client, through every event source, with a fetch that invokes the handler. */
for (const source of SOURCES) {
  describe(`official client through ${source} events`, () => {
    const setup = () => {
      const handler = createHandler(createLambdaTestServer().server, { metrics: false });
      return lambdaFetch(handler, source);
    };

    test('discovers the server and calls a tool on 2026-07-28', async () => {
      const lambda = setup();
      const client = new Client(
        { name: 'lambda-test', version: '0.1.0' },
        { versionNegotiation: { mode: 'auto' } },
      );
      await client.connect(
        new StreamableHTTPClientTransport(new URL('https://example.test/mcp'), { fetch: lambda.fetch }),
      );
      assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
      const { tools } = await client.listTools();
      assert.ok(tools.some((tool) => tool.name === 'echo'));
      const result = await client.callTool({ name: 'echo', arguments: { message: 'hello lambda' } });
      assert.deepEqual(result.content, [{ type: 'text', text: 'hello lambda' }]);
      await client.close();
    });

    test('speaks 2025-11-25 to a client that does not negotiate', async () => {
      const lambda = setup();
      const client = new Client({ name: 'lambda-test', version: '0.1.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL('https://example.test/mcp'), { fetch: lambda.fetch }),
      );
      const result = await client.callTool({ name: 'echo', arguments: { message: 'legacy' } });
      assert.deepEqual(result.content, [{ type: 'text', text: 'legacy' }]);
      await client.close();
    });

    test('returns the result shape the source expects', async () => {
      const lambda = setup();
      const response = await lambda.fetch('https://example.test/health');
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ok', name: 'test/lambda', version: '1.0.0' });
      const result = lambda.results[0]!;
      assert.equal(result.isBase64Encoded, false);
      if (source === 'alb' || source === 'alb-multi-value') assert.equal(result.statusDescription, '200 OK');
      else assert.equal(result.statusDescription, undefined);
      if (source === 'alb-multi-value') {
        assert.equal(result.headers, undefined);
        assert.deepEqual(result.multiValueHeaders?.['content-type'], ['application/json']);
      } else {
        assert.equal(result.headers?.['content-type'], 'application/json');
        assert.equal(result.multiValueHeaders, undefined);
      }
    });

    test('answers an unknown path with 404 and the path inside the API', async () => {
      const lambda = setup();
      const response = await lambda.fetch('https://example.test/nope');
      assert.equal(response.status, 404);
      assert.deepEqual(await response.json(), {
        error: 'not_found',
        message: 'No route for /nope. The MCP endpoint is /mcp.',
      });
    });
  });
}
