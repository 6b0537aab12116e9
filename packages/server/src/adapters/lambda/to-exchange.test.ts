import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectEventKind } from './event-kind.ts';
import { gatewayTimeLeft, toExchange } from './to-exchange.ts';
import { toLambdaResult } from './to-result.ts';

const context = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 };

function exchangeOf(event: object) {
  const source = detectEventKind(event);
  if (source.kind === 'warmup' || source.kind === 'unknown' || source.kind === 'malformed')
    throw new Error(`not an HTTP event: ${source.kind}`);
  return toExchange(source, { context, coldStart: false, marginMs: 1_000 });
}

const restEvent = (fields: object) => ({
  httpMethod: 'post',
  path: '/mcp',
  body: null,
  requestContext: { stage: 'prod', domainName: 'api.example.com' },
  ...fields,
});

const httpApiEvent = (rawPath: string, stage: string) => ({
  version: '2.0',
  rawPath,
  isBase64Encoded: false,
  requestContext: { stage, http: { method: 'POST', path: rawPath } },
});

describe('toExchange paths', () => {
  test('REST API through a custom domain without a stage in the mapping drops the stage segment', () => {
    assert.equal(exchangeOf(restEvent({ path: '/prod/mcp' })).path, '/mcp');
  });

  test('REST API fills the resource path template, which no base path mapping changes', () => {
    const event = restEvent({
      path: '/v1/mcp/server-card',
      requestContext: { stage: 'prod', resourcePath: '/mcp/{rest+}' },
      pathParameters: { rest: 'server-card' },
    });
    assert.equal(exchangeOf(event).path, '/mcp/server-card');
  });

  test('HTTP API payload 1.0 on the $default route (resource "$default") takes the path, minus a named stage', () => {
    // As an HTTP API set to payload 1.0 delivers it: the route key, not a path, is the resource.
    const defaultRoute = (path: string, stage: string) =>
      restEvent({
        version: '1.0',
        resource: '$default',
        path,
        pathParameters: null,
        requestContext: { stage, resourcePath: '$default', path, domainName: 'api.example.com' },
      });
    assert.equal(exchangeOf(defaultRoute('/mcp', '$default')).path, '/mcp');
    assert.equal(exchangeOf(defaultRoute('/prod/mcp', 'prod')).path, '/mcp');
  });

  test('HTTP API strips a named stage and keeps $default paths as they are', () => {
    assert.equal(exchangeOf(httpApiEvent('/prod/mcp', 'prod')).path, '/mcp');
    assert.equal(exchangeOf(httpApiEvent('/prod/mcp', '$default')).path, '/prod/mcp');
  });

  test('names the public base from the domain API Gateway received the request on, with its stage', () => {
    const domainName = 'abc.execute-api.eu-west-1.amazonaws.com';
    const http = httpApiEvent('/prod/mcp', 'prod');
    const named = { ...http, requestContext: { ...http.requestContext, domainName } };
    assert.equal(exchangeOf(named).publicBase, `https://${domainName}/prod`);
    const rest = restEvent({
      requestContext: { stage: 'prod', domainName: 'api.example.com', path: '/v1/mcp' },
    });
    assert.equal(exchangeOf(rest).publicBase, 'https://api.example.com/v1');
  });

  test('HTTP API on a custom domain: the public base is the domain alone, never the stage', () => {
    // A custom domain's URL has the API mapping key (absent from payload 2.0), not the stage;
    // rawPath keeps the stage segment all the same.
    const http = httpApiEvent('/prod/mcp', 'prod');
    const custom = { ...http, requestContext: { ...http.requestContext, domainName: 'mcp.example.com' } };
    const exchange = exchangeOf(custom);
    assert.equal(exchange.path, '/mcp');
    assert.equal(exchange.publicBase, 'https://mcp.example.com');
  });

  test('joins multi-value headers, lower-cases names and turns v2 cookies into a cookie header', () => {
    const rest = exchangeOf(
      restEvent({ multiValueHeaders: { Accept: ['application/json', 'text/event-stream'] } }),
    );
    assert.deepEqual(rest.headers, { accept: 'application/json, text/event-stream' });
    assert.equal(rest.method, 'POST');
    const mixed = exchangeOf(
      restEvent({
        multiValueHeaders: {
          Accept: ['application/json'],
          accept: ['text/event-stream'],
          Cookie: ['a=1'],
          cookie: ['b=2'],
        },
      }),
    );
    assert.deepEqual(mixed.headers, { accept: 'application/json, text/event-stream', cookie: 'a=1; b=2' });
    const v2 = exchangeOf({ ...httpApiEvent('/mcp', '$default'), cookies: ['a=1', 'b=2'] });
    assert.equal(v2.headers.cookie, 'a=1; b=2');
  });

  test('reads headers from `headers` when a REST event has an empty multiValueHeaders', () => {
    // APIGatewayProxyEvent requires both: hand-written test events fill the one they skip with {}.
    const event = restEvent({
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      multiValueHeaders: {},
    });
    assert.deepEqual(exchangeOf(event).headers, {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    });
  });

  test('behind an HTTP API (payload 2.0, or 1.0 with its version) the time left is what remains of its 30 s', () => {
    const now = Date.now();
    const left = (event: object) => {
      const source = detectEventKind(event);
      if (source.kind !== 'http-api' && source.kind !== 'rest-api') throw new Error(source.kind);
      return gatewayTimeLeft(source, 120_000, now);
    };
    const v2 = (domainName: string, timeEpoch: number) => {
      const event = httpApiEvent('/mcp', '$default');
      return { ...event, requestContext: { ...event.requestContext, domainName, timeEpoch } };
    };
    assert.equal(left(v2('abc.execute-api.us-east-1.amazonaws.com', now - 25_000)), 5_000);
    assert.equal(left(v2('mcp.example.com', now - 25_000)), 5_000);
    // Function URLs have no gateway limit; an event that arrived over 30 s ago is a replay.
    assert.equal(left(v2('abc.lambda-url.us-east-1.on.aws', now - 25_000)), 120_000);
    assert.equal(left(v2('abc.execute-api.us-east-1.amazonaws.com', now - 86_400_000)), 120_000);
    const v1 = (version: string | undefined) =>
      restEvent({ version, requestContext: { stage: '$default', requestTimeEpoch: now - 25_000 } });
    assert.equal(left(v1('1.0')), 5_000);
    assert.equal(left(v1(undefined)), 120_000);
  });

  test('sets the deadline from the remaining time and the platform facts', () => {
    const before = Date.now();
    const exchange = exchangeOf(httpApiEvent('/mcp', '$default'));
    assert.ok(exchange.deadline! >= before + 10_000 && exchange.deadline! <= Date.now() + 10_000);
    assert.equal(exchange.platform.kind, 'lambda');
    assert.equal(exchange.platform.context, context);
  });
});

describe('toLambdaResult', () => {
  test('base64-encodes a body that is not text', () => {
    const result = toLambdaResult(
      { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: 'bytes' },
      'http-api',
      false,
    );
    assert.deepEqual(result, {
      statusCode: 200,
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from('bytes').toString('base64'),
      isBase64Encoded: true,
    });
  });

  test('gives ALB a status line even for statuses without a reason phrase', () => {
    assert.equal(
      toLambdaResult({ status: 404, headers: {}, body: '' }, 'alb', false).statusDescription,
      '404 Not Found',
    );
    assert.equal(
      toLambdaResult({ status: 599, headers: {}, body: '' }, 'alb', false).statusDescription,
      '599',
    );
    // Statuses an `authenticate` hook or auth route may answer, beyond the framework's own.
    const lines = [302, 307, 402, 409, 422, 501, 504].map(
      (status) => toLambdaResult({ status, headers: {}, body: '' }, 'alb', false).statusDescription,
    );
    assert.deepEqual(lines, [
      '302 Found',
      '307 Temporary Redirect',
      '402 Payment Required',
      '409 Conflict',
      '422 Unprocessable Entity',
      '501 Not Implemented',
      '504 Gateway Timeout',
    ]);
  });
});
