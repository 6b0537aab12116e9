// Run by lambda-handler.test.ts as a deployed function (AWS_LAMBDA_FUNCTION_NAME set): the
// deadlines HTTP API and Function URL requests get, printed as one JSON line.
import { createHandler, type LambdaResult } from 'lambda-mcp/lambda';
import { buildEvent, lambdaContext, type Source } from './lambda-fetch.ts';
import { createLambdaTestServer } from './lambda-test-server.ts';

const handler = createHandler(createLambdaTestServer().server, { metrics: false });

function call(source: Source, tool: string, arrivedMsAgo: number) {
  const event = buildEvent(source, {
    method: 'POST',
    path: '/mcp',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool } }),
  });
  event.requestContext.timeEpoch = Date.now() - arrivedMsAgo;
  return event;
}

const text = (result: LambdaResult) => JSON.parse(result.body).result.content[0].text as string;
const deadline = async (source: Source, arrivedMsAgo: number) =>
  (
    JSON.parse(text(await handler(call(source, 'where', arrivedMsAgo), lambdaContext(120_000)))) as {
      deadline: number;
    }
  ).deadline - Date.now();

process.stdout.write(
  `${JSON.stringify({
    httpApi: await deadline('http-api', 25_000),
    functionUrl: await deadline('function-url', 25_000),
    replayed: await deadline('http-api', 86_400_000),
    stalled: text(await handler(call('http-api', 'stall', 29_700), lambdaContext(120_000))),
  })}\n`,
);
