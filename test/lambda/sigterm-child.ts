// Run by lifespan.test.ts as a Lambda environment would be: handlers created, one invoked, then SIGTERM.
import { createHandler } from 'lambda-mcp/lambda';
import { buildEvent, lambdaContext } from './lambda-fetch.ts';
import { createLambdaTestServer } from './lambda-test-server.ts';

const { server, pool } = createLambdaTestServer();
const handler = createHandler(server, { metrics: false });
createHandler(server, { metrics: false });
const event = () =>
  buildEvent('function-url', {
    method: 'POST',
    path: '/mcp',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'pool' } }),
  });
await handler(event(), lambdaContext());
await handler(event(), lambdaContext());
process.on('exit', () => {
  for (const id of pool.disposed) process.stdout.write(`disposed ${id}\n`);
});
if (process.argv.includes('--another-listener')) {
  // Another SIGTERM listener with async work of its own (a telemetry flush): it owns the exit.
  process.on('SIGTERM', () => {
    setTimeout(() => {
      process.stdout.write('flushed\n');
      process.exit(0);
    }, 50);
  });
}
process.stdout.write('ready\n');
setInterval(() => {}, 1000);
