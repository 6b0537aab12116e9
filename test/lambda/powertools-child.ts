// Run by observability.test.ts: the handler with real Powertools Logger and Metrics, printing to stdout.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createHandler } from 'lambda-mcp/lambda';
import { buildEvent, lambdaContext } from './lambda-fetch.ts';
import { createLambdaTestServer } from './lambda-test-server.ts';

const logger = new Logger({ serviceName: 'powertools-check' });
const metrics = new Metrics({ namespace: 'PowertoolsCheck', serviceName: 'powertools-check' });
const handler = createHandler(createLambdaTestServer({ logger }).server, { metrics });
const event = buildEvent('function-url', {
  method: 'POST',
  path: '/mcp',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify({
    jsonrpc: '2.0',
    id: 5,
    method: 'tools/call',
    params: { name: 'echo', arguments: { message: 'pt' } },
  }),
});
await handler(event, lambdaContext());
