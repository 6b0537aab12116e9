import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { httpApiEvent } from 'lambda-mcp/testing';
// The repository's Lambda bundling and fresh-process invocation, shared with test/lambda.
import { bundleLambda } from '../../../test/lambda/ric/bundle-lambda.ts';
import { invokeBundleInFreshProcess } from '../../../test/lambda/ric/invoke-bundle.ts';

const dir = mkdtempSync(join(tmpdir(), 'tasks-bundle-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the bundled tasks handler starts without PGlite, the AWS SDK or postgres.js and answers through pg', async () => {
  // bundleLambda fails when an external package is imported statically (loaded at init); the
  // fresh process below runs where none of them resolves, so init must not need them.
  const bundle = await bundleLambda(join(import.meta.dirname, '../src/handler.ts'), dir, {
    external: ['@electric-sql/pglite', '@aws-sdk/*', 'pg-native'],
  });
  // Only the client the entry names is bundled: postgres.js would bring its Node built-ins
  // (tls among them), which a bundler hoists to the top of the file, to every cold start.
  assert.doesNotMatch(readFileSync(bundle.file, 'utf8'), /from\s*["'](node:)?tls["']/);
  const event = httpApiEvent({
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'list_projects',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: {
        name: 'list_projects',
        arguments: {},
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': {},
          'io.modelcontextprotocol/clientInfo': { name: 'bundle-test', version: '1.0.0' },
        },
      },
    }),
  });

  // Port 1 on loopback refuses: the bundled pg driver runs and reports the database as down.
  const result = (await invokeBundleInFreshProcess(bundle.file, event, {
    DATABASE_URL: 'postgres://tasks@127.0.0.1:1/tasks',
    LOG_LEVEL: 'error',
  })) as { statusCode: number; body: string };

  assert.equal(result.statusCode, 200);
  const body = JSON.parse(result.body) as { result: { isError: boolean; content: { text: string }[] } };
  assert.equal(body.result.isError, true);
  assert.equal(
    body.result.content[0]?.text,
    'SERVICE_UNAVAILABLE: The task database is not reachable right now. Try again in a few seconds; retrying create_task with the same idempotency_key never creates a duplicate.',
  );
});
