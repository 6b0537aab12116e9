import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as z from 'zod';
import { createExchangeHandler } from '../http/handle-exchange.ts';
import { silentLogger } from '../log/logger.ts';
import { mcpRequest } from '../testing/mcp-request.ts';
import { createServer } from './create-server.ts';
import { paramHeaderProblem } from './param-headers.ts';

const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  ...extra,
});

test('accepts x-mcp-header on string, integer and boolean properties reached through properties', () => {
  assert.equal(
    paramHeaderProblem(
      object({
        region: { type: 'string', 'x-mcp-header': 'Region' },
        limit: { type: 'integer', 'x-mcp-header': 'Tenant_Id.v2' },
        filter: object({ archived: { type: 'boolean', 'x-mcp-header': 'Archived' } }),
      }),
    ),
    undefined,
  );
});

test('names each x-mcp-header a conforming client would drop the tool for', () => {
  const cases: [Record<string, unknown>, string][] = [
    [
      object({ ratio: { type: 'number', 'x-mcp-header': 'Ratio' } }),
      'ratio: x-mcp-header needs a string, integer or boolean property, not number',
    ],
    [
      object({ o: { type: 'object', 'x-mcp-header': 'O' } }),
      'o: x-mcp-header needs a string, integer or boolean property, not object',
    ],
    [
      object({ o: { 'x-mcp-header': 'O' } }),
      'o: x-mcp-header needs a string, integer or boolean property, not untyped',
    ],
    [
      object({ r: { type: 'string', 'x-mcp-header': 'My Region' } }),
      "r: x-mcp-header 'My Region' is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)",
    ],
    [object({ r: { type: 'string', 'x-mcp-header': '' } }), 'r: x-mcp-header must be a non-empty string'],
    [
      object({ a: { type: 'string', 'x-mcp-header': 'Dup' }, b: { type: 'string', 'x-mcp-header': 'dup' } }),
      "b: x-mcp-header 'dup' is already used by a (header names are case-insensitive)",
    ],
    [
      object({ list: { type: 'array', items: object({ r: { type: 'string', 'x-mcp-header': 'R' } }) } }),
      'list.items.r: x-mcp-header is allowed only on properties reached through properties alone (not items, anyOf/oneOf/allOf, not, if/then/else, $defs or additionalProperties)',
    ],
    [
      object({}, { anyOf: [object({ r: { type: 'string', 'x-mcp-header': 'R' } })] }),
      'anyOf.0.r: x-mcp-header is allowed only on properties reached through properties alone (not items, anyOf/oneOf/allOf, not, if/then/else, $defs or additionalProperties)',
    ],
    [
      object({ r: { $ref: '#/$defs/r' } }, { $defs: { r: { type: 'string', 'x-mcp-header': 'R' } } }),
      '$defs.r: x-mcp-header is allowed only on properties reached through properties alone (not items, anyOf/oneOf/allOf, not, if/then/else, $defs or additionalProperties)',
    ],
  ];
  for (const [schema, problem] of cases) assert.equal(paramHeaderProblem(schema), problem);
});

test('a tool whose x-mcp-header clients must refuse is refused when it is defined', () => {
  const server = createServer({ name: 'headers', version: '1.0.0', logger: silentLogger });
  assert.throws(
    () =>
      server.tool(
        'ratio',
        { description: 'r', input: object({ ratio: { type: 'number', 'x-mcp-header': 'Ratio' } }) },
        () => 'ok',
      ),
    {
      name: 'TypeError',
      message:
        'Tool "ratio": ratio: x-mcp-header needs a string, integer or boolean property, not number. Clients drop a tool whose x-mcp-header breaks the 2026-07-28 rules from tools/list.',
    },
  );
});

test('a Standard Schema tool with such an annotation fails tools/list loudly instead of vanishing from clients', async () => {
  const server = createServer({ name: 'headers', version: '1.0.0', logger: silentLogger });
  server.tool(
    'zoned',
    { description: 'z', input: z.object({ ratio: z.number().meta({ 'x-mcp-header': 'Ratio' }) }) },
    () => 'ok',
  );
  const reply = await createExchangeHandler(server)({
    method: 'POST',
    path: '/mcp',
    ...mcpRequest('tools/list'),
    platform: { kind: 'other', name: 'test', request: undefined },
  });
  // An internal error (logged with its cause), answered on 200 as a dispatched request's errors are.
  assert.equal(reply.status, 200);
  assert.deepEqual(JSON.parse(reply.body as string).error, { code: -32603, message: 'Internal error' });
});
