import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SUPPORTED_VERSIONS } from '../protocol/versions.ts';
import { createServer } from '../server/create-server.ts';
import { createExchangeHandler } from './handle-exchange.ts';
import type { HttpOptions } from './http-options.ts';

function weather(name = 'example/weather') {
  const server = createServer({
    name,
    version: '1.2.3',
    title: 'Weather',
    description: 'Current weather for a handful of cities.',
    websiteUrl: 'https://weather.example',
  });
  return server.tool('get_weather', { description: 'Weather for a city.' }, () => 'sunny');
}

async function get(
  path: string,
  headers: Record<string, string> = { host: 'mcp.example.com' },
  options: HttpOptions = {},
  name?: string,
) {
  const reply = await createExchangeHandler(
    weather(name),
    options,
  )({
    method: 'GET',
    path,
    headers,
    body: '',
    platform: { kind: 'other', name: 'test', request: undefined },
  });
  return { ...reply, json: reply.body === '' ? undefined : JSON.parse(reply.body as string) };
}

test('serves the Server Card with the SEP-2127 fields', async () => {
  const reply = await get('/mcp/server-card');
  assert.equal(reply.status, 200);
  assert.deepEqual(reply.json, {
    $schema: 'https://static.modelcontextprotocol.io/schemas/v2/server-card.schema.json',
    name: 'example/weather',
    version: '1.2.3',
    description: 'Current weather for a handful of cities.',
    title: 'Weather',
    websiteUrl: 'https://weather.example',
    remotes: [
      {
        type: 'streamable-http',
        url: 'https://mcp.example.com/mcp',
        supportedProtocolVersions: [...SUPPORTED_VERSIONS],
      },
    ],
    _meta: { 'io.modelcontextprotocol/capabilities': { logging: {}, tools: { listChanged: false } } },
  });
});

test('serves the Server Card public, cacheable for an hour, with an ETag', async () => {
  const { headers } = await get('/mcp/server-card');
  assert.equal(headers['content-type'], 'application/mcp-server-card+json');
  assert.equal(headers['access-control-allow-origin'], '*');
  assert.equal(headers['cache-control'], 'public, max-age=3600');
  assert.match(headers.etag ?? '', /^"[0-9a-f]{24}"$/);
});

test('serves the same card at /.well-known/mcp/server-card.json', async () => {
  const card = await get('/mcp/server-card');
  const alias = await get('/.well-known/mcp/server-card.json');
  assert.deepEqual(alias.json, card.json);
  assert.equal(alias.headers.etag, card.headers.etag);
});

test('answers 304 with no body to a matching If-None-Match', async () => {
  const { etag } = (await get('/mcp/server-card')).headers;
  for (const ifNoneMatch of [etag, `"other", ${etag}`, `W/${etag}`, '*']) {
    const reply = await get('/mcp/server-card', {
      host: 'mcp.example.com',
      'if-none-match': String(ifNoneMatch),
    });
    assert.equal(reply.status, 304, ifNoneMatch);
    assert.equal(reply.body, '');
    assert.equal(reply.headers.etag, etag);
    assert.equal(reply.headers['cache-control'], 'public, max-age=3600');
  }
  const stale = await get('/mcp/server-card', { host: 'mcp.example.com', 'if-none-match': '"stale"' });
  assert.equal(stale.status, 200);
});

test('names a server without a namespace local/<name>', async () => {
  assert.equal((await get('/mcp/server-card', undefined, {}, 'weather')).json.name, 'local/weather');
});

test('builds the remote url from forwarded headers behind a trusted proxy, the endpoint, or the configured public url', async () => {
  const forwarded = await get(
    '/api/server-card',
    { host: 'internal:8080', 'x-forwarded-host': 'mcp.example.org', 'x-forwarded-proto': 'https, http' },
    { endpoint: '/api', trustForwardedHeaders: true },
  );
  assert.equal(forwarded.json.remotes[0].url, 'https://mcp.example.org/api');
  const local = await get('/mcp/server-card', { host: '127.0.0.1:3000' });
  assert.equal(local.json.remotes[0].url, 'http://127.0.0.1:3000/mcp');
  const configured = await get('/mcp/server-card', {}, { publicUrl: 'https://x.example/mcp' });
  assert.equal(configured.json.remotes[0].url, 'https://x.example/mcp');
});

test('ignores forwarded headers unless configured, and a host or scheme of the wrong shape always', async () => {
  const poisoned = await get('/mcp/server-card', {
    host: 'mcp.example.org',
    'x-forwarded-host': 'evil.example',
    'x-forwarded-proto': 'javascript',
  });
  assert.equal(poisoned.json.remotes[0].url, 'https://mcp.example.org/mcp');
  const badShapes = await get(
    '/mcp/server-card',
    { host: 'mcp.example.org', 'x-forwarded-host': 'evil.example/x?', 'x-forwarded-proto': 'javascript' },
    { trustForwardedHeaders: true },
  );
  assert.equal(badShapes.json.remotes[0].url, 'https://mcp.example.org/mcp');
  const badHost = await get('/mcp/server-card', { host: 'a b@evil' });
  assert.equal(badHost.json.remotes[0].url, 'http://localhost/mcp');
});

test('declares the Authorization header in the card when the server authenticates', async () => {
  const reply = await get('/mcp/server-card', undefined, { authenticate: () => undefined });
  assert.deepEqual(reply.json.remotes[0].headers, [
    {
      name: 'Authorization',
      description: 'Bearer token for this server (a token or API key).',
      isRequired: true,
      isSecret: true,
    },
  ]);
});

test('serves the ai-catalog entry pointing at the card', async () => {
  const reply = await get('/.well-known/ai-catalog.json');
  assert.deepEqual(reply.json, {
    entries: [
      {
        name: 'example/weather',
        description: 'Current weather for a handful of cities.',
        type: 'application/mcp-server-card+json',
        url: 'https://mcp.example.com/mcp/server-card',
      },
    ],
  });
});

test('serves /.well-known/mcp-config as a JSON Schema, public and cacheable', async () => {
  const reply = await get('/.well-known/mcp-config');
  assert.equal(reply.headers['content-type'], 'application/schema+json');
  assert.equal(reply.headers['access-control-allow-origin'], '*');
  assert.deepEqual(reply.json, {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Weather configuration',
    type: 'object',
    properties: {},
    additionalProperties: false,
  });
});

test('answers /health with the name and version', async () => {
  const reply = await get('/health');
  assert.equal(reply.status, 200);
  assert.deepEqual(reply.json, { status: 'ok', name: 'example/weather', version: '1.2.3' });
});

test('answers discovery paths only to GET and HEAD', async () => {
  const reply = await createExchangeHandler(weather())({
    method: 'POST',
    path: '/mcp/server-card',
    headers: {},
    body: '{}',
    platform: { kind: 'other', name: 'test', request: undefined },
  });
  assert.equal(reply.status, 405);
  assert.equal(reply.headers.allow, 'GET, HEAD');
});

test('HEAD of /health and of a discovery document gets the GET headers and no body', async () => {
  const handle = createExchangeHandler(weather());
  for (const path of ['/health', '/.well-known/mcp/server-card.json']) {
    const request = {
      headers: {},
      body: '',
      platform: { kind: 'other', name: 'test', request: undefined },
    } as const;
    const head = await handle({ ...request, method: 'HEAD', path });
    const got = await handle({ ...request, method: 'GET', path });
    assert.equal(head.status, 200, path);
    assert.equal(head.body, '', path);
    assert.deepEqual(head.headers, got.headers, path);
    assert.notEqual(got.body, '', path);
  }
});
