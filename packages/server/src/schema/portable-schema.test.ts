import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as z from 'zod';
import { createExchangeHandler } from '../http/handle-exchange.ts';
import { silentLogger } from '../log/logger.ts';
import { createServer } from '../server/create-server.ts';
import { mcpRequest } from '../testing/mcp-request.ts';
import { portableSchema } from './portable-schema.ts';

test('rewrites type arrays, const, oneOf, exclusive bounds and local $refs into the portable subset', () => {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      due: { type: ['string', 'null'], format: 'date' },
      either: { type: ['string', 'number'] },
      kind: { const: 'task' },
      pick: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
      score: { type: 'number', exclusiveMinimum: 0 },
      owner: { $ref: '#/$defs/person' },
    },
    required: ['kind'],
    additionalProperties: false,
    $defs: { person: { type: 'object', properties: { name: { type: 'string' } } } },
  };
  assert.deepEqual(portableSchema(schema), {
    type: 'object',
    properties: {
      due: { type: 'string', format: 'date', nullable: true },
      either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      kind: { enum: ['task'] },
      pick: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      score: { type: 'number', minimum: 0 },
      owner: { type: 'object', properties: { name: { type: 'string' } } },
    },
    required: ['kind'],
  });
});

test('a recursive $ref is inlined to a bounded depth', () => {
  const schema = {
    $ref: '#/$defs/node',
    $defs: { node: { type: 'object', properties: { next: { $ref: '#/$defs/node' } } } },
  };
  let depth = 0;
  let node = portableSchema(schema) as { properties?: { next?: unknown } };
  while (node.properties?.next) {
    node = node.properties.next as typeof node;
    depth += 1;
  }
  assert.equal(depth, 12);
});

test('schemaOutput: portableSchema advertises zod schemas in the subset and still validates with the full schema', async () => {
  const server = createServer({
    name: 'p',
    version: '1',
    logger: silentLogger,
    schemaOutput: portableSchema,
  });
  server.tool(
    'due',
    { description: 'due', input: z.object({ due: z.string().nullable(), kind: z.literal('task') }) },
    () => 'ok',
  );
  const handle = createExchangeHandler(server);
  const platform = { kind: 'other', name: 'test', request: undefined } as const;
  const list = mcpRequest('tools/list');
  const listed = JSON.parse(
    (await handle({ method: 'POST', path: '/mcp', ...list, platform })).body as string,
  );
  const inputSchema = listed.result.tools[0].inputSchema;
  assert.deepEqual(inputSchema.properties, {
    due: { type: 'string', nullable: true },
    kind: { type: 'string', enum: ['task'] },
  });
  assert.equal(JSON.stringify(inputSchema).includes('"type":["'), false);
  const call = mcpRequest('tools/call', { name: 'due', arguments: { due: null, kind: 'other' } });
  const called = JSON.parse(
    (await handle({ method: 'POST', path: '/mcp', ...call, platform })).body as string,
  );
  assert.equal(called.result.isError, true);
});
