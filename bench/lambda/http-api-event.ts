/**
 * An API Gateway HTTP API (payload format 2.0) event for the benchmark `tools/call`,
 * shaped like the example in the AWS documentation, and a Lambda context to go with it.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { type Revision, toolsCallBody, toolsCallHeaders } from '../tools-call.ts';

export function toolsCallEvent(revision: Revision, id: number): APIGatewayProxyEventV2 {
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/mcp',
    rawQueryString: '',
    headers: {
      ...toolsCallHeaders(revision),
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'bench/1.0',
      'x-forwarded-proto': 'https',
      'x-forwarded-for': '203.0.113.7',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method: 'POST',
        path: '/mcp',
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'bench/1.0',
      },
      requestId: `req-${id}`,
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    body: toolsCallBody(revision, id),
    isBase64Encoded: false,
  };
}

export function lambdaContext(id: number): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'bench',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
    memoryLimitInMB: '1024',
    awsRequestId: `aws-${id}`,
    logGroupName: '/aws/lambda/bench',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
