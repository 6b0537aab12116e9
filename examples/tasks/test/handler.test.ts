import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { disposeAll } from 'lambda-mcp';

// The Lambda entry reads its configuration from the environment at import: PGlite in a temp dir.
const dataDir = mkdtempSync(join(tmpdir(), 'tasks-handler-'));
delete process.env.DATABASE_URL;
delete process.env.DATABASE_SECRET_ARN;
process.env.TASKS_DATA_DIR = dataDir;
process.env.LOG_LEVEL ??= 'warn';
const { handler } = await import('../src/handler.ts');

/** A Lambda Function URL event (payload format 2.0) carrying one 2026-07-28 tools/call. */
function toolCallEvent(id: number, name: string, args: Record<string, unknown>) {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: {
      name,
      arguments: args,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': {},
        'io.modelcontextprotocol/clientInfo': { name: 'handler-test', version: '1.0.0' },
      },
    },
  });
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/mcp',
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': name,
      host: 'abc.lambda-url.eu-west-1.on.aws',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc',
      domainName: 'abc.lambda-url.eu-west-1.on.aws',
      domainPrefix: 'abc',
      http: { method: 'POST', path: '/mcp', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: `req-${id}`,
      routeKey: '$default',
      stage: '$default',
      time: '21/Nov/2026:20:00:00 +0000',
      timeEpoch: 1_795_000_000_000,
    },
    body,
    isBase64Encoded: false,
  };
}

const context = {
  awsRequestId: 'test',
  functionName: 'tasks',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:tasks',
  memoryLimitInMB: '512',
  logGroupName: '/aws/lambda/tasks',
  logStreamName: 'stream',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
};

describe('tasks Lambda handler', () => {
  after(async () => {
    await disposeAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates and lists projects through Function URL events, reusing one database across invocations', async () => {
    const invoke = async (id: number, name: string, args: Record<string, unknown>) => {
      const result = (await handler(toolCallEvent(id, name, args), context as never)) as {
        statusCode: number;
        body: string;
      };
      assert.equal(result.statusCode, 200, result.body);
      return JSON.parse(result.body).result.structuredContent;
    };
    const created = await invoke(1, 'create_project', { name: 'From Lambda' });
    assert.equal(created.created, true);
    const listed = await invoke(2, 'list_projects', {});
    assert.deepEqual(
      listed.projects.map((p: { name: string }) => p.name),
      ['From Lambda'],
    );
  });
});
