import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toFetchHandler } from '../adapters/fetch/to-fetch-handler.ts';
import { createServer } from '../server/create-server.ts';
import { mcpRequest } from '../testing/mcp-request.ts';
import type { FromJsonSchema } from './json-schema-type.ts';

// Compile-time checks: `tsc` (npm run typecheck) fails when a type is not the one expected.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<_ extends true>(): void {}

test('FromJsonSchema reads the keywords tool schemas use', () => {
  const weather = {
    type: 'object',
    properties: {
      city: { type: 'string', minLength: 1 },
      units: { type: 'string', enum: ['metric', 'imperial'], default: 'metric' },
      days: { type: 'integer' },
      tags: { type: 'array', items: { type: 'string' } },
      note: { type: ['string', 'null'] },
      where: {
        type: 'object',
        properties: { lat: { type: 'number' }, lon: { type: 'number' } },
        required: ['lat', 'lon'],
      },
      kind: { const: 'forecast' },
      either: { anyOf: [{ type: 'boolean' }, { type: 'number' }] },
      free: {},
    },
    required: ['city'],
  } as const;
  assertType<
    Equal<
      FromJsonSchema<typeof weather>,
      {
        city: string;
        units?: 'metric' | 'imperial';
        days?: number;
        tags?: string[];
        note?: string | null;
        where?: { lat: number; lon: number };
        kind?: 'forecast';
        either?: boolean | number;
        free?: unknown;
      }
    >
  >();
  assertType<Equal<FromJsonSchema<{ type: 'object' }>, Record<string, unknown>>>();
  assertType<
    Equal<
      FromJsonSchema<{ type: 'object'; additionalProperties: { type: 'number' } }>,
      Record<string, number>
    >
  >();
  assertType<Equal<FromJsonSchema<{ type: 'array' }>, unknown[]>>();
  // What it does not model is wider, never narrower: a widened `type` is unknown.
  assertType<Equal<FromJsonSchema<{ type: string }>, unknown>>();
  assert.ok(true, 'the checks above are compile-time');
});

test('a tool declared with an inline JSON Schema gets typed arguments and a checked structured return', async () => {
  const server = createServer({ name: 'typed-json-schema', version: '1.0.0' });
  server.tool(
    'forecast',
    {
      description: 'Forecast for a city.',
      input: {
        type: 'object',
        properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } },
        required: ['city'],
      },
      output: {
        type: 'object',
        properties: { city: { type: 'string' }, days: { type: 'integer' } },
        required: ['city', 'days'],
      },
    },
    (input) => {
      assertType<Equal<typeof input, { city: string; days?: number }>>();
      return { city: input.city.toUpperCase(), days: input.days ?? 1 };
    },
  );
  // @ts-expect-error -- the handler leaves out days, which the output schema requires
  server.tool(
    'incomplete',
    {
      description: 'Returns less than its output schema requires: tsc refuses it.',
      output: { type: 'object', properties: { days: { type: 'integer' } }, required: ['days'] },
    },
    () => ({ city: 'x' }),
  );
  server.tool(
    'untyped',
    {
      description: 'A schema held in a variable of a wide type falls back to a record.',
      input: wideSchema(),
    },
    (input) => {
      assertType<Equal<typeof input, Record<string, unknown>>>();
      return String(Object.keys(input).length);
    },
  );
  const fetchHandler = toFetchHandler(server);
  const { headers, body } = mcpRequest('tools/call', {
    name: 'forecast',
    arguments: { city: 'lisbon', days: 2 },
  });
  const response = await fetchHandler(new Request('http://localhost/mcp', { method: 'POST', headers, body }));
  const answer = (await response.json()) as { result: { structuredContent: unknown } };
  assert.deepEqual(answer.result.structuredContent, { city: 'LISBON', days: 2 });
});

function wideSchema(): Record<string, unknown> {
  return { type: 'object', properties: { a: { type: 'string' } } };
}
