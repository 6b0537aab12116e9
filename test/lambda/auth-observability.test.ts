import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createServer, credentialOf, type Logger } from 'lambda-mcp';
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

test('behind an API Gateway authorizer, credentialHeader lets a tool read the caller key, which no log line shows', async () => {
  const { lines, logger } = recordingLogger();
  const server = createServer({ name: 'downstream', version: '1.0.0', logger });
  server.tool('forward', { description: 'calls the product API as the caller' }, (_input, ctx) =>
    JSON.stringify({
      forwards: credentialOf(ctx.auth),
      spread: { ...ctx.auth },
      json: JSON.stringify(ctx.auth),
    }),
  );
  const handler = createHandler(server, { credentialHeader: 'x-api-key', metrics: false });
  const request = mcpRequest('tools/call', { name: 'forward', arguments: {} });
  const event = httpApiEvent({
    headers: { ...request.headers, 'x-api-key': 'lmcp_0123456789abcdef_secretsecretsecret' },
    body: request.body,
    authorizer: { lambda: { sub: 'key-1', tenant: 'acme', key_id: 'key-1', scope: 'tasks:read' } },
  });
  const result = await handler(event, lambdaContext());
  const text = JSON.parse(JSON.parse(result.body).result.content[0].text);
  assert.equal(text.forwards, 'lmcp_0123456789abcdef_secretsecretsecret');
  assert.equal(JSON.stringify(text.spread).includes('secret'), false);
  assert.equal(text.json.includes('secret'), false);
  assert.equal(lines.join('\n').includes('secretsecret'), false);
});

test('the credential header is redacted from the logged headers even when its name does not look secret', async () => {
  const { lines, logger } = recordingLogger();
  const server = createServer({ name: 'downstream', version: '1.0.0', logger });
  server.tool('forward', { description: 'calls the product API as the caller' }, () => 'ok');
  const handler = createHandler(server, { credentialHeader: 'X-Upstream-PAT', metrics: false });
  const secret = 'ghp_0123456789SuperSecretPersonalAccessToken';
  const authorizer = { lambda: { sub: 'user-1' } };
  // A failed request (an unknown tool) and a refused one (a wrong Content-Type) log their headers.
  const unknown = mcpRequest('tools/call', { name: 'no-such-tool', arguments: {} });
  await handler(
    httpApiEvent({
      headers: { ...unknown.headers, 'x-upstream-pat': secret },
      body: unknown.body,
      authorizer,
    }),
    lambdaContext(),
  );
  const refused = mcpRequest('tools/call', { name: 'forward', arguments: {} });
  await handler(
    httpApiEvent({
      headers: { ...refused.headers, 'content-type': 'text/plain', 'x-upstream-pat': secret },
      body: refused.body,
      authorizer,
    }),
    lambdaContext(),
  );
  const logged = lines.map(
    (line) => JSON.parse(line) as { message: string; headers?: Record<string, string> },
  );
  assert.deepEqual(
    logged.map((line) => [line.message, line.headers?.['x-upstream-pat']]),
    [
      ['mcp request', '[REDACTED]'],
      ['mcp request rejected', '[REDACTED]'],
    ],
  );
  assert.equal(lines.join('\n').includes('SuperSecret'), false);
});
