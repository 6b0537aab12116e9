import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createHandler, type LambdaResult } from 'lambda-mcp/lambda';
import { buildEvent, lambdaContext } from './lambda-fetch.ts';
import { createLambdaTestServer } from './lambda-test-server.ts';

const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'raw-test', version: '1.0.0' },
};

function callEvent(
  source: 'function-url' | 'rest-api' | 'http-api' | 'alb' | 'alb-multi-value',
  tool: string,
  args: object = {},
  accept?: string,
) {
  return buildEvent(source, {
    method: 'POST',
    path: '/mcp',
    headers: {
      'content-type': 'application/json',
      accept: accept ?? 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': tool,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: tool, arguments: args, _meta: MODERN_META },
    }),
  });
}

function toolText(result: LambdaResult): { isError: boolean | undefined; text: string; meta: unknown } {
  const message = JSON.parse(result.body) as {
    result: { isError?: boolean; content: { text: string }[]; _meta?: Record<string, unknown> };
  };
  return {
    isError: message.result.isError,
    text: message.result.content[0]!.text,
    meta: message.result._meta?.['lambda-mcp/error'],
  };
}

describe('createHandler', () => {
  test('gives tools the Lambda event, context and deadline as ctx.platform', async () => {
    const handler = createHandler(createLambdaTestServer().server, { metrics: false });
    const before = Date.now();
    const context = lambdaContext(5_000);
    const result = await handler(callEvent('function-url', 'where'), context);
    const facts = JSON.parse(toolText(result).text) as {
      kind: string;
      awsRequestId: string;
      deadline: number;
    };
    assert.equal(facts.kind, 'lambda');
    assert.equal(facts.awsRequestId, context.awsRequestId);
    // ctx.deadline is when the signal aborts: the Lambda deadline minus the 1 s margin
    // (a few ms of slack for the clock reads between building the context and the exchange).
    assert.ok(
      facts.deadline >= before + 3_990 && facts.deadline <= Date.now() + 4_000,
      String(facts.deadline - before),
    );
  });

  test('stops a tool before the Lambda deadline with a TIMEOUT tool error', async () => {
    const handler = createHandler(createLambdaTestServer().server, {
      metrics: false,
      deadlineMarginMs: 1_000,
    });
    const result = await handler(callEvent('function-url', 'stall'), lambdaContext(1_050));
    assert.equal(result.statusCode, 200);
    const { isError, text, meta } = toolText(result);
    assert.equal(isError, true);
    assert.equal(
      text,
      'TIMEOUT: Tool stall did not finish before the request deadline. Its outcome is unknown: it may still complete. Check whether it took effect before calling it again.',
    );
    assert.deepEqual(meta, { code: 'TIMEOUT' });
  });

  test('a request with less time left than the deadline margin is answered at once, its tool never started', async () => {
    const { server, pool } = createLambdaTestServer();
    const handler = createHandler(server, { metrics: false, deadlineMarginMs: 1_000 });
    // 300 ms left: a tool started now would be stopped at once and its answer, after the
    // 500 ms grace, would come after Lambda ended the invocation.
    const stalled = toolText(await handler(callEvent('function-url', 'stall'), lambdaContext(300)));
    assert.deepEqual(stalled, {
      isError: true,
      text: 'TIMEOUT: Tool stall did not finish before the request deadline and stopped without completing. Try a smaller request, or try again later.',
      meta: { code: 'TIMEOUT' },
    });
    const result = await handler(callEvent('function-url', 'pool'), lambdaContext(300));
    assert.equal(toolText(result).isError, true);
    assert.equal(pool.attempts(), 0);
  });

  test('deployed behind an HTTP API, the deadline is its 30 s integration timeout counted from the request', async () => {
    // A function whose timeout is 120 s, behind an HTTP API that received the request 25 s
    // ago (a long cold start): the API answers the client 503 at 30 s whatever the function does.
    const { execFile } = await import('node:child_process');
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [new URL('./deployed-child.ts', import.meta.url).pathname],
        { env: { ...process.env, AWS_LAMBDA_FUNCTION_NAME: 'mcp-deployed' } },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    const left = JSON.parse(output) as Record<string, number | string>;
    // Stopped 1 s (the margin) before the API gives up, 5 s from when the event was built
    // (the rest of the slack is this fresh process's first invocation).
    assert.ok((left.httpApi as number) > 2_000 && (left.httpApi as number) <= 4_000, output);
    // Function URLs have no such limit; an event that arrived long ago is a replay, not capped.
    assert.ok((left.functionUrl as number) > 100_000, output);
    assert.ok((left.replayed as number) > 100_000, output);
    assert.match(left.stalled as string, /^TIMEOUT: Tool stall did not finish before the request deadline/);
  });

  test("outside Lambda an HTTP API event keeps the context's time: no gateway stands in front", async () => {
    const handler = createHandler(createLambdaTestServer().server, { metrics: false });
    const event = callEvent('http-api', 'where') as { requestContext: Record<string, unknown> };
    event.requestContext.timeEpoch = Date.now() - 25_000;
    const before = Date.now();
    const { deadline } = JSON.parse(toolText(await handler(event, lambdaContext(120_000))).text) as {
      deadline: number;
    };
    assert.ok(deadline >= before + 118_990, String(deadline - before));
  });

  test('collects an SSE answer into one text/event-stream body', async () => {
    const handler = createHandler(createLambdaTestServer().server, { metrics: false });
    const event = callEvent('rest-api', 'count', { to: 3 });
    const body = JSON.parse(event.body as string);
    body.params._meta.progressToken = 'p1';
    event.body = JSON.stringify(body);
    const result = await handler(event, lambdaContext());
    assert.equal(result.headers?.['content-type'], 'text/event-stream');
    const messages = result.body
      .split('\n\n')
      .filter(Boolean)
      .map((chunk) => JSON.parse(chunk.replace(/^event: message\ndata: /, '')));
    assert.deepEqual(
      messages.map((m) => m.params?.progress ?? m.result?.content[0].text),
      [1, 2, 3, 'counted to 3'],
    );
  });

  test('answers a warm-up ping (serverless-plugin-warmup, an EventBridge rule or Scheduler schedule) without touching MCP', async () => {
    const handler = createHandler(createLambdaTestServer().server, { metrics: false });
    const scheduled = {
      version: '0',
      id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: '2026-12-02T06:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/keep-warm'],
      detail: {},
    };
    // An EventBridge Scheduler schedule (what AWS now recommends over rules) without an input.
    const scheduler = {
      ...scheduled,
      source: 'aws.scheduler',
      resources: ['arn:aws:scheduler:us-east-1:123456789012:schedule/default/keep-warm'],
      detail: '{}',
    };
    for (const ping of [{ source: 'serverless-plugin-warmup' }, { warmup: true }, scheduled, scheduler]) {
      const result = await handler(ping, lambdaContext());
      assert.deepEqual(result, {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"warm":true}',
        isBase64Encoded: false,
      });
    }
  });

  test('rejects an event that is not HTTP with 400 unsupported_event, and says so in the log', async () => {
    const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
    const logger = {
      debug() {},
      info() {},
      warn: (message: string, fields?: Record<string, unknown>) => warnings.push({ message, fields }),
      error() {},
    };
    const handler = createHandler(createLambdaTestServer({ logger }).server, { metrics: false });
    const context = lambdaContext();
    const result = await handler({ Records: [{ eventSource: 'aws:sqs', body: 'order 1' }] }, context);
    assert.equal(result.statusCode, 400);
    assert.deepEqual(JSON.parse(result.body), {
      error: 'unsupported_event',
      message:
        'This handler serves HTTP events only: API Gateway REST and HTTP APIs, Lambda Function URLs and ALB target groups.',
    });
    // Nobody reads that answer when SQS, S3 or a schedule invoked the function: the log must tell.
    const s3 = { Records: [{ eventSource: 'aws:s3', s3: {} }] };
    await handler(s3, lambdaContext());
    await handler({ source: 'aws.events', 'detail-type': 'Object Created', detail: {} }, lambdaContext());
    await handler('ping', lambdaContext());
    assert.deepEqual(warnings, [
      {
        message: 'the lambda event is not an HTTP request: answered 400 unsupported_event',
        fields: { awsRequestId: context.awsRequestId, eventSource: 'aws:sqs', eventKeys: ['Records'] },
      },
      {
        message: 'the lambda event is not an HTTP request: answered 400 unsupported_event',
        fields: {
          awsRequestId: warnings[1]?.fields?.awsRequestId,
          eventSource: 'aws:s3',
          eventKeys: ['Records'],
        },
      },
      {
        message: 'the lambda event is not an HTTP request: answered 400 unsupported_event',
        fields: {
          awsRequestId: warnings[2]?.fields?.awsRequestId,
          eventSource: 'aws.events',
          eventKeys: ['source', 'detail-type', 'detail'],
        },
      },
      {
        message: 'the lambda event is not an HTTP request: answered 400 unsupported_event',
        fields: { awsRequestId: warnings[3]?.fields?.awsRequestId, eventType: 'string' },
      },
    ]);
  });

  test('answers an HTTP event with a field missing or of the wrong type 400 malformed_event naming it', async () => {
    const handler = createHandler(createLambdaTestServer().server, { metrics: false });
    const call = callEvent('function-url', 'echo', { message: 'hi' });
    const cases: [object, string, string?][] = [
      // A test event written by hand, its body the JSON itself rather than its text.
      [
        { ...call, body: JSON.parse(call.body as string) },
        'The event body must be a string (the request body, base64 when isBase64Encoded is true), got object.',
      ],
      [
        { ...call, requestContext: { ...(call.requestContext as object), http: { path: '/mcp' } } },
        'The HTTP API / Function URL event (payload 2.0) has no requestContext.http.method string.',
      ],
      [
        { requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:target' } }, path: '/mcp' },
        'The ALB event has no httpMethod string.',
        '400 Bad Request',
      ],
      [
        { requestContext: { elb: {} }, httpMethod: 'POST', path: 7 },
        'The ALB event has no path string.',
        '400 Bad Request',
      ],
      // Hand-written events missing the path field of their format.
      [
        { version: '2.0', requestContext: { http: { method: 'POST', path: '/mcp' } }, body: '{}' },
        'The HTTP API / Function URL event (payload 2.0) has no rawPath string.',
      ],
      [
        { httpMethod: 'POST', requestContext: { stage: 'prod' }, body: '{}' },
        'The API Gateway event (payload 1.0) has no path string.',
      ],
    ];
    for (const [event, message, statusDescription] of cases) {
      const result = await handler(event, lambdaContext());
      assert.equal(result.statusCode, 400, message);
      assert.equal(result.statusDescription, statusDescription);
      assert.deepEqual(JSON.parse(result.body), { error: 'malformed_event', message });
    }
  });

  test('turns a result over the 6 MB buffered limit into a RESULT_TOO_LARGE tool error', async () => {
    const handler = createHandler(createLambdaTestServer().server, { metrics: false });
    const result = await handler(
      callEvent('function-url', 'big', { bytes: 7 * 1024 * 1024 }),
      lambdaContext(),
    );
    assert.equal(result.statusCode, 200);
    const { isError, text, meta } = toolText(result);
    assert.equal(isError, true);
    assert.match(
      text,
      /^RESULT_TOO_LARGE: The result of tool big is \d+ bytes, over this host's 6283264-byte response limit\./,
    );
    assert.match(text, /createStreamingHandler/);
    assert.equal((meta as { code: string }).code, 'RESULT_TOO_LARGE');
    assert.ok(Buffer.byteLength(JSON.stringify(result)) < 6 * 1024 * 1024);
  });

  test("keeps an answer through an ALB under its 1 MB response limit, not Lambda's 6 MB", async () => {
    const handler = createHandler(createLambdaTestServer().server, { metrics: false });
    for (const source of ['alb', 'alb-multi-value'] as const) {
      // 2 MB: inside Lambda's limit, but an ALB answers 502 to a response JSON over 1 MB.
      const result = await handler(callEvent(source, 'big', { bytes: 2_000_000 }), lambdaContext());
      assert.equal(result.statusCode, 200);
      const { isError, text, meta } = toolText(result);
      assert.equal(isError, true);
      assert.match(
        text,
        /^RESULT_TOO_LARGE: The result of tool big is \d+ bytes, over this host's 991808-byte response limit\./,
      );
      assert.equal((meta as { maxBytes: number }).maxBytes, 991_808);
      // An ALB cannot stream: the advice does not send the model's operator there.
      assert.match(
        text,
        /response limit\. Ask for less \(narrower filters, fewer items, pagination\), or return resource links the client reads separately\.$/,
      );
      assert.ok(Buffer.byteLength(JSON.stringify(result)) < 1_000_000);
    }
    // 900 kB fits an ALB; the same handler still gives API Gateway its 6 MB.
    const fits = await handler(callEvent('alb', 'big', { bytes: 900_000 }), lambdaContext());
    assert.equal(toolText(fits).isError, undefined);
    const functionUrl = await handler(
      callEvent('function-url', 'big', { bytes: 2_000_000 }),
      lambdaContext(),
    );
    assert.equal(toolText(functionUrl).isError, undefined);
  });

  test('counts the escaping of the body inside the Lambda result against the limit', async () => {
    const handler = createHandler(createLambdaTestServer().server, { metrics: false });
    // 2 MiB of quotes: a 4 MiB JSON-RPC body, but 8 MiB once escaped again inside the result.
    const event = callEvent('function-url', 'big', { bytes: 2 * 1024 * 1024, char: '"' });
    const result = await handler(event, lambdaContext());
    assert.equal(toolText(result).isError, true);
    assert.match(toolText(result).text, /^RESULT_TOO_LARGE: The result of tool big is 8388\d{3} bytes/);
    const small = await handler(
      callEvent('function-url', 'big', { bytes: 1024 * 1024, char: '"' }),
      lambdaContext(),
    );
    assert.equal(toolText(small).isError, undefined);
    assert.ok(Buffer.byteLength(JSON.stringify(small)) < 6 * 1024 * 1024);
  });

  test('decodes a base64 body (HTTP API)', async () => {
    const handler = createHandler(createLambdaTestServer().server, { metrics: false });
    const event = callEvent('http-api', 'echo', { message: 'über base64' });
    assert.equal(event.isBase64Encoded, true);
    assert.equal(toolText(await handler(event, lambdaContext())).text, 'über base64');
  });
});
