import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createServer, type Logger } from 'lambda-mcp';
import { apiKeyAuth, createKey, memoryKeyStore } from 'lambda-mcp/auth';
import { createHandler } from 'lambda-mcp/lambda';
import { createRateLimiter, requestLimit } from 'lambda-mcp/limits';
import { httpApiEvent, lambdaContext, mcpRequest } from 'lambda-mcp/testing';

function recordingLogger() {
  const lines: string[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(JSON.stringify({ level, message, ...fields }));
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, logger };
}

test('the request line names the caller (subject, tenant, key id) and never the key; refusals are counted by kind', async () => {
  const store = memoryKeyStore();
  const { key, info } = await createKey(store, { tenant: 'acme', name: 'ci', scopes: [] });
  const { lines, logger } = recordingLogger();
  const server = createServer({ name: 'observed', version: '1.0.0', logger });
  server.tool('ping', { description: 'ping' }, () => 'pong');
  const metricLines: string[] = [];
  const limiter = createRateLimiter({ rules: [{ by: 'key', rate: 1, per: '1h', burst: 2 }] });
  const handler = createHandler(server, {
    auth: apiKeyAuth({ store }),
    limit: requestLimit(limiter),
    writeMetricLine: (line) => metricLines.push(line),
  });
  const call = (headers: Record<string, string>) => {
    const request = mcpRequest('tools/call', { name: 'ping', arguments: {} });
    return handler(
      httpApiEvent({ headers: { ...request.headers, ...headers }, body: request.body }),
      lambdaContext(),
    );
  };

  assert.equal((await call({ 'x-api-key': key })).statusCode, 200);
  const answered = JSON.parse(lines[0] ?? '{}');
  assert.deepEqual(
    [answered.message, answered.subject, answered.tenant, answered.keyId],
    ['mcp request', info.keyId, 'acme', info.keyId],
  );

  assert.equal((await call({})).statusCode, 401);
  assert.equal((await call({ 'x-api-key': key })).statusCode, 200);
  assert.equal((await call({ 'x-api-key': key })).statusCode, 429);

  const metrics = metricLines.map((line) => JSON.parse(line));
  assert.deepEqual(
    metrics.map((m) => [m.AuthFailures ?? 0, m.Throttles ?? 0]),
    [
      [0, 0],
      [1, 0],
      [0, 0],
      [0, 1],
    ],
  );
  assert.equal(lines.join('\n').includes(key), false, 'the API key reaches no log line');
});
