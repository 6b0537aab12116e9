import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundleLambda, type LambdaBundle } from './ric/bundle-lambda.ts';
import { toolsCallEvent } from './ric/fixtures/http-api-event.ts';
import { invokeBundleInFreshProcess } from './ric/invoke-bundle.ts';

const FIXTURES = join(import.meta.dirname, 'ric', 'fixtures');

describe('the bundled Lambda handler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-mcp-bundle-'));
  let bundle: LambdaBundle;

  before(async () => {
    bundle = await bundleLambda(join(FIXTURES, 'buffered.ts'), dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('answers a 2026-07-28 tools/call from an HTTP API v2 event in a fresh process', async (t) => {
    t.diagnostic(`bundle: ${bundle.bytes} bytes minified, ${bundle.gzipBytes} bytes gzip`);
    const event = toolsCallEvent(7, 'add', { a: 2, b: 40 });

    const result = (await invokeBundleInFreshProcess(bundle.file, event)) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };

    assert.equal(result.statusCode, 200);
    assert.equal(result.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(result.body), {
      jsonrpc: '2.0',
      id: 7,
      result: {
        resultType: 'complete',
        content: [{ type: 'text', text: '{"sum":42}' }],
        structuredContent: { sum: 42 },
        _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'test/lambda-fixture', version: '1.0.0' } },
      },
    });
  });

  test('answers a tools/call whose Mcp-Name header disagrees with the body with a 400 and -32020', async () => {
    const event = toolsCallEvent(8, 'add', { a: 1, b: 1 });
    event.headers['mcp-name'] = 'count_to';

    const result = (await invokeBundleInFreshProcess(bundle.file, event)) as {
      statusCode: number;
      body: string;
    };

    assert.equal(result.statusCode, 400);
    assert.deepEqual(JSON.parse(result.body), {
      jsonrpc: '2.0',
      id: 8,
      error: {
        code: -32020,
        message: "Header mismatch: Mcp-Name header value 'count_to' does not match body value 'add'",
      },
    });
  });
});
