import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { type ServerProcess, startServerProcess } from './start-server-process.ts';

describe('the web-adapter server process with the official 2.x client', () => {
  let server: ServerProcess;
  let client: Client;

  before(async () => {
    server = await startServerProcess();
    client = new Client(
      { name: 'web-adapter-test', version: '1.0.0' },
      { versionNegotiation: { mode: 'auto' } },
    );
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
  });
  after(async () => {
    await client.close();
    await server.stop();
  });

  test('answers the readiness check Lambda Web Adapter polls at /health', async () => {
    const response = await fetch(new URL('/health', server.url));

    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      status: 'ok',
      name: 'example/weather',
      version: '1.0.0',
    });
  });

  test('negotiates 2026-07-28 without a session', () => {
    assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
  });

  test('calls get_weather and gets structured content', async () => {
    const result = await client.callTool({
      name: 'get_weather',
      arguments: { city: 'oslo', units: 'imperial' },
    });

    assert.deepEqual(result.structuredContent, {
      city: 'Oslo',
      temperature: 39,
      units: 'imperial',
      conditions: 'light snow',
    });
    assert.equal(result.isError, undefined);
  });

  test('returns a tool error naming the known cities for an unknown city', async () => {
    const result = await client.callTool({ name: 'get_weather', arguments: { city: 'Atlantis' } });

    assert.equal(result.isError, true);
    assert.deepEqual(result.content, [
      {
        type: 'text',
        text: 'NOT_FOUND: No weather data for "Atlantis". Known cities: Lisbon, Oslo, Seattle, Tokyo.',
      },
    ]);
  });

  test('binds loopback only outside Lambda', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });
});
