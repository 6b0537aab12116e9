import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpApiEvent, lambdaContext, mcpRequest } from 'lambda-mcp/testing';
import { handler } from '../src/handler.ts';

/** Sends one MCP request through the Lambda handler, as API Gateway would deliver it. */
async function call(method: string, params: Record<string, unknown> = {}) {
  const result = await handler(httpApiEvent(mcpRequest(method, params)), lambdaContext());
  assert.equal(result.statusCode, 200);
  return JSON.parse(result.body).result;
}

test('lists get_weather', async () => {
  const { tools } = await call('tools/list');

  assert.deepEqual(
    tools.map((tool: { name: string }) => tool.name),
    ['get_weather'],
  );
});

test('get_weather answers for a known city, in the units asked for', async () => {
  const result = await call('tools/call', {
    name: 'get_weather',
    arguments: { city: 'lisbon', units: 'imperial' },
  });

  assert.deepEqual(result.structuredContent, {
    city: 'Lisbon',
    temperature: 70,
    units: 'imperial',
    conditions: 'sunny',
  });
});

test('get_weather tells the assistant which cities it knows', async () => {
  const result = await call('tools/call', { name: 'get_weather', arguments: { city: 'Atlantis' } });

  assert.equal(result.isError, true);
  assert.equal(
    result.content[0].text,
    'NOT_FOUND: No weather data for "Atlantis". Known cities: Lisbon, Oslo, Seattle, Tokyo.',
  );
});
