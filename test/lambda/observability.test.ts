import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redact } from 'lambda-mcp';
import { createHandler, createLambdaObserver, emfLine } from 'lambda-mcp/lambda';
import { mcpRequest } from 'lambda-mcp/testing';
import { buildEvent, lambdaContext } from './lambda-fetch.ts';
import { createLambdaTestServer } from './lambda-test-server.ts';

interface Line {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

function recordingLogger() {
  const lines: Line[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push({ level, message, fields: fields ?? {} });
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function toolCall(tool: string, args: object, headers: Record<string, string> = {}) {
  return buildEvent('rest-api', {
    method: 'POST',
    path: '/mcp',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 'call-1',
      method: 'tools/call',
      params: {
        name: tool,
        arguments: args,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': {},
          'io.modelcontextprotocol/clientInfo': { name: 'claude-code', version: '2.1.0' },
          traceparent: TRACEPARENT,
          tracestate: 'vendor=1',
        },
      },
    }),
  });
}

/** A handler over the test server whose log lines and EMF lines are recorded. */
function observedHandler() {
  const { lines, logger } = recordingLogger();
  const metricLines: string[] = [];
  const handler = createHandler(createLambdaTestServer({ logger }).server, {
    writeMetricLine: (line) => metricLines.push(line),
  });
  return { handler, lines, metricLines };
}

const MODERN = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call' };

describe('Lambda observability', () => {
  test('logs one line per request, a tools/call with its tool and outcome, with the Lambda and JSON-RPC ids', async () => {
    const { handler, lines } = observedHandler();
    const context = lambdaContext();
    await handler(toolCall('echo', { message: 'hi' }, { ...MODERN, 'mcp-name': 'echo' }), context);
    assert.deepEqual(
      lines.map((line) => [line.level, line.message]),
      [['info', 'mcp request']],
    );
    const { durationMs, coldStart, ...request } = lines[0]!.fields;
    assert.equal(typeof durationMs, 'number');
    // Present only on the cold start, which an earlier test of this process may have taken.
    assert.ok(coldStart === true || coldStart === undefined);
    // Absent values stay undefined, which a JSON line leaves out.
    assert.deepEqual(request, {
      awsRequestId: context.awsRequestId,
      requestId: 'call-1',
      method: 'tools/call',
      tool: 'echo',
      client: 'claude-code/2.1.0',
      subject: undefined,
      tenant: undefined,
      keyId: undefined,
      clientId: undefined,
      protocolVersion: '2026-07-28',
      outcome: 'ok',
      errorCode: undefined,
      headers: undefined,
    });
  });

  test('writes one EMF line per tools/call: ToolLatency by service and tool, and ToolErrors when it failed', async () => {
    const metricLines: string[] = [];
    const handler = createHandler(createLambdaTestServer({ logger: recordingLogger().logger }).server, {
      service: 'tasks-api',
      metricsNamespace: 'Acme/MCP',
      writeMetricLine: (line) => metricLines.push(line),
    });
    await handler(toolCall('echo', { message: 'hi' }, { ...MODERN, 'mcp-name': 'echo' }), lambdaContext());
    metricLines.length = 0; // the first request of the process may also carry ColdStart
    // A successful call records its latency only: ToolErrors is written when there is one.
    await handler(toolCall('echo', { message: 'hi' }, { ...MODERN, 'mcp-name': 'echo' }), lambdaContext());
    const succeeded = JSON.parse(metricLines[0]!);
    assert.deepEqual(succeeded._aws.CloudWatchMetrics, [
      {
        Namespace: 'Acme/MCP',
        Dimensions: [['service', 'tool']],
        Metrics: [{ Name: 'ToolLatency', Unit: 'Milliseconds' }],
      },
    ]);
    assert.equal('ToolErrors' in succeeded, false);
    metricLines.length = 0;
    // A message that fails validation is a tool error.
    await handler(toolCall('echo', { message: 42 }, { ...MODERN, 'mcp-name': 'echo' }), lambdaContext());
    assert.equal(metricLines.length, 1);
    const { _aws, ...root } = JSON.parse(metricLines[0]!);
    assert.deepEqual(_aws.CloudWatchMetrics, [
      {
        Namespace: 'Acme/MCP',
        Dimensions: [['service', 'tool']],
        Metrics: [
          { Name: 'ToolErrors', Unit: 'Count' },
          { Name: 'ToolLatency', Unit: 'Milliseconds' },
        ],
      },
    ]);
    const { ToolLatency, ...values } = root;
    assert.deepEqual(values, { service: 'tasks-api', tool: 'echo', ToolErrors: 1 });
    assert.equal(typeof ToolLatency, 'number');
    assert.equal(typeof _aws.Timestamp, 'number');
  });

  test('a tools/call naming a tool the server does not have adds no per-tool metric: the client picks the name', async () => {
    const { handler, lines, metricLines } = observedHandler();
    // Each name would be a new CloudWatch metric; one over 1024 characters makes CloudWatch
    // refuse the document's metrics.
    const names = ['no-such-tool', 'x'.repeat(2000)];
    for (const name of names) {
      const result = await handler(toolCall(name, {}, { ...MODERN, 'mcp-name': name }), lambdaContext());
      assert.equal(JSON.parse(result.body).error.code, -32602);
    }
    const perTool = metricLines.map((line) => JSON.parse(line)).filter((document) => 'tool' in document);
    assert.deepEqual(perTool, []);
    // The log line still names what the client asked for, cut to 256 characters.
    assert.deepEqual(
      lines.filter((line) => line.message === 'mcp request').map((line) => line.fields.tool),
      ['no-such-tool', `${'x'.repeat(256)}… (2000 characters)`],
    );
  });

  test('a tool dimension value is cut to the 1024 characters CloudWatch accepts', () => {
    const metricLines: string[] = [];
    const observer = createLambdaObserver({
      logger: recordingLogger().logger,
      service: () => 'svc',
      write: (line) => metricLines.push(line),
    });
    observer.onRequest?.({
      requestId: 1,
      method: 'tools/call',
      tool: 'y'.repeat(1500),
      client: undefined,
      caller: undefined,
      protocolVersion: '2026-07-28',
      durationMs: 1,
      outcome: 'ok',
      errorCode: undefined,
      meta: {},
      platform: { kind: 'other', name: 'test', request: undefined },
    });
    assert.equal(metricLines.length, 1);
    assert.equal(JSON.parse(metricLines[0]!).tool, 'y'.repeat(1024));
  });

  test('text the client chose is cut to 256 characters in the log line, so no client can make it huge', () => {
    const { lines, logger } = recordingLogger();
    const observer = createLambdaObserver({ logger, service: () => 'svc', metrics: false });
    const long = (c: string) => c.repeat(100_000);
    observer.onRequest?.({
      requestId: long('i'),
      method: long('m'),
      tool: long('t'),
      client: { name: long('c'), version: '1' },
      caller: undefined,
      protocolVersion: long('p'),
      durationMs: 1,
      outcome: 'ok',
      errorCode: undefined,
      meta: {},
      platform: { kind: 'other', name: 'test', request: undefined },
    });
    const cut = (c: string, length = 100_000) => `${c.repeat(256)}… (${length} characters)`;
    const { requestId, method, tool, client, protocolVersion } = lines[0]!.fields;
    assert.deepEqual(
      { requestId, method, tool, client, protocolVersion },
      {
        requestId: cut('i'),
        method: cut('m'),
        tool: cut('t'),
        client: cut('c', 100_002),
        protocolVersion: cut('p'),
      },
    );
  });

  test('a warm request that is not a tools/call records no metrics: AWS/Lambda counts invocations', async () => {
    const metricLines: string[] = [];
    const handler = createHandler(createLambdaTestServer({ logger: recordingLogger().logger }).server, {
      writeMetricLine: (line) => metricLines.push(line),
    });
    const list = mcpRequest('tools/list', {}, { id: 'list-1' });
    await handler(buildEvent('rest-api', { method: 'POST', path: '/mcp', ...list }), lambdaContext());
    metricLines.length = 0; // the first request of the process may carry ColdStart
    await handler(buildEvent('rest-api', { method: 'POST', path: '/mcp', ...list }), lambdaContext());
    assert.deepEqual(metricLines, []);
  });

  test('POWERTOOLS_METRICS_DISABLED=true turns EMF lines off unless metrics are passed explicitly', async () => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    try {
      const { handler, lines, metricLines } = observedHandler();
      await handler(toolCall('echo', { message: 'hi' }, { ...MODERN, 'mcp-name': 'echo' }), lambdaContext());
      assert.deepEqual([lines.length, metricLines.length], [1, 0]);
    } finally {
      delete process.env.POWERTOOLS_METRICS_DISABLED;
    }
  });

  test('emfLine follows the Embedded Metric Format specification', () => {
    assert.deepEqual(
      JSON.parse(
        emfLine('ns', { service: 's' }, [{ name: 'Requests', unit: 'Count', value: 1 }], 1700000000000),
      ),
      {
        _aws: {
          Timestamp: 1700000000000,
          CloudWatchMetrics: [
            { Namespace: 'ns', Dimensions: [['service']], Metrics: [{ Name: 'Requests', Unit: 'Count' }] },
          ],
        },
        service: 's',
        Requests: 1,
      },
    );
  });

  test('redacts authorization and x-api-key values from the log of a failed request', async () => {
    const { lines, logger } = recordingLogger();
    const handler = createHandler(createLambdaTestServer({ logger }).server, { metrics: false });
    await handler(
      toolCall(
        'nope',
        {},
        {
          authorization: 'Bearer eyJhbGciOi.secret.sig',
          'x-api-key': 'key-123',
          ...MODERN,
          'mcp-name': 'nope',
        },
      ),
      lambdaContext(),
    );
    const line = lines.find((entry) => entry.message === 'mcp request')!;
    assert.equal(line.level, 'warn');
    assert.equal(line.fields.outcome, 'error');
    assert.equal(line.fields.errorCode, -32602);
    const headers = line.fields.headers as Record<string, string[]>;
    assert.deepEqual(headers.authorization, '[REDACTED]');
    assert.deepEqual(headers['x-api-key'], '[REDACTED]');
    assert.deepEqual(headers['content-type'], ['application/json']);
    assert.doesNotMatch(JSON.stringify(lines), /secret|key-123/);
  });

  test('logs and counts a request turned away before dispatch, with its status, code and reason', async () => {
    const { handler, lines, metricLines } = observedHandler();
    const context = lambdaContext();
    const wrongType = toolCall(
      'echo',
      { message: 'hi' },
      { ...MODERN, 'mcp-name': 'echo', 'content-type': 'text/plain', 'x-api-key': 'key-123' },
    );
    const result = await handler(wrongType, context);
    assert.equal(result.statusCode, 415);
    assert.equal(lines.length, 1);
    const { coldStart, durationMs, headers, ...fields } = lines[0]!.fields;
    assert.equal(lines[0]!.level, 'warn');
    assert.equal(lines[0]!.message, 'mcp request rejected');
    assert.ok(coldStart === true || coldStart === undefined);
    assert.equal(typeof durationMs, 'number');
    assert.deepEqual(fields, {
      awsRequestId: context.awsRequestId,
      status: 415,
      errorCode: -32600,
      reason: 'Unsupported Media Type: Content-Type must be application/json, got text/plain',
      method: undefined,
      requestId: undefined,
    });
    assert.equal((headers as Record<string, unknown>)['x-api-key'], '[REDACTED]');
    const metrics = JSON.parse(metricLines[0]!);
    assert.equal(metrics.Rejected, 1);
    assert.ok(metrics._aws.CloudWatchMetrics[0].Metrics.some((m: { Name: string }) => m.Name === 'Rejected'));
  });

  test('logs the headers of an event whose multiValueHeaders is empty from its headers, as it reads them', async () => {
    const { handler, lines } = observedHandler();
    const event = toolCall(
      'echo',
      { message: 'hi' },
      { ...MODERN, 'mcp-name': 'echo', 'x-api-key': 'key-123' },
    );
    // A hand-written REST event: its headers in `headers`, `multiValueHeaders` left empty.
    const single = Object.fromEntries(
      Object.entries(event.multiValueHeaders as Record<string, string[]>).map(([name, [value]]) => [
        name,
        value,
      ]),
    );
    const result = await handler(
      { ...event, headers: { ...single, 'content-type': 'text/plain' }, multiValueHeaders: {} },
      lambdaContext(),
    );
    assert.equal(result.statusCode, 415);
    const headers = lines[0]!.fields.headers as Record<string, unknown>;
    assert.equal(headers['content-type'], 'text/plain');
    assert.equal(headers['x-api-key'], '[REDACTED]');
  });

  test('a header that disagrees with the body is logged as rejected with the JSON-RPC method and id', async () => {
    const { lines, logger } = recordingLogger();
    const handler = createHandler(createLambdaTestServer({ logger }).server, { metrics: false });
    const result = await handler(
      toolCall('echo', { message: 'hi' }, { ...MODERN, 'mcp-name': 'count' }),
      lambdaContext(),
    );
    assert.equal(result.statusCode, 400);
    assert.deepEqual(
      lines.map((line) => [
        line.level,
        line.message,
        line.fields.status,
        line.fields.errorCode,
        line.fields.reason,
        line.fields.method,
        line.fields.requestId,
      ]),
      [
        [
          'warn',
          'mcp request rejected',
          400,
          -32020,
          "Header mismatch: Mcp-Name header value 'count' does not match body value 'echo'",
          'tools/call',
          'call-1',
        ],
      ],
    );
  });

  test('redact masks secret fields at any depth and bearer tokens inside text', () => {
    assert.deepEqual(
      redact({ a: { Authorization: 'x', list: [{ password: 'p' }] }, note: 'sent Bearer abc.def', n: 1 }),
      {
        a: { Authorization: '[REDACTED]', list: [{ password: '[REDACTED]' }] },
        note: 'sent Bearer [REDACTED]',
        n: 1,
      },
    );
  });

  test('hands the W3C trace context from _meta to the tracer', async () => {
    const traces: unknown[] = [];
    const handler = createHandler(createLambdaTestServer({ logger: recordingLogger().logger }).server, {
      metrics: false,
      tracer: (trace, request) => traces.push({ trace, request }),
    });
    await handler(toolCall('echo', { message: 'hi' }, { ...MODERN, 'mcp-name': 'echo' }), lambdaContext());
    assert.deepEqual(traces, [
      {
        trace: { traceparent: TRACEPARENT, tracestate: 'vendor=1' },
        request: { requestId: 'call-1', method: 'tools/call', tool: 'echo' },
      },
    ]);
  });
});

test('works with a Powertools Logger and Metrics passed in', async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [new URL('./powertools-child.ts', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, POWERTOOLS_DEV: '', AWS_LAMBDA_FUNCTION_NAME: '' },
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    output += chunk;
  });
  assert.equal(await new Promise((resolve) => child.on('exit', resolve)), 0);
  const lines = output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const request = lines.find((line) => line.message === 'mcp request')!;
  assert.equal(request.service, 'powertools-check');
  assert.equal(request.method, 'tools/call');
  assert.equal(request.tool, 'echo');
  assert.equal(request.outcome, 'ok');
  // A fresh process is a fresh execution environment: its first invocation is the cold start.
  assert.equal(request.coldStart, true);
  assert.ok(lines.some((line) => line.ColdStart === 1));
  const toolMetrics = lines.find((line) => line.ToolLatency !== undefined) as {
    _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] };
    tool: string;
    service: string;
  };
  assert.equal(toolMetrics._aws.CloudWatchMetrics[0]!.Namespace, 'PowertoolsCheck');
  assert.deepEqual(toolMetrics._aws.CloudWatchMetrics[0]!.Dimensions, [['service', 'tool']]);
  assert.equal(toolMetrics.tool, 'echo');
  assert.equal(toolMetrics.service, 'powertools-check');
});
