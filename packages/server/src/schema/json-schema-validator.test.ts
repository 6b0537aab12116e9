import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assertSupportedSchema,
  type JsonSchema,
  type SchemaIssue,
  validateJsonSchema,
} from './json-schema-validator.ts';

/** [what it checks, schema, value, the exact issues expected ([] = valid)]. */
type Row = [string, JsonSchema, unknown, SchemaIssue[]];
const issue = (path: string, message: string): SchemaIssue => ({ path, message });

/** if/then/else, built from entries: a literal `then` key reads as a thenable to the linter. */
const conditional: JsonSchema = Object.fromEntries([
  ['if', { properties: { kind: { const: 'a' } } }],
  ['then', { required: ['a'] }],
  ['else', { required: ['b'] }],
]);

const rows: Row[] = [
  ['true accepts anything', true, { any: 1 }, []],
  ['false refuses everything', false, 1, [issue('', 'is not allowed')]],
  ['type string', { type: 'string' }, 5, [issue('', 'must be string, got integer')]],
  ['type number accepts integers', { type: 'number' }, 5, []],
  ['type integer refuses fractions', { type: 'integer' }, 1.5, [issue('', 'must be integer, got number')]],
  ['type list', { type: ['string', 'null'] }, null, []],
  ['type list message', { type: ['string', 'null'] }, [], [issue('', 'must be string or null, got array')]],
  ['type object refuses arrays', { type: 'object' }, [], [issue('', 'must be object, got array')]],
  ['enum', { enum: ['a', { b: 1 }] }, { b: 1 }, []],
  ['enum message', { enum: ['a', 1] }, 'c', [issue('', 'must be one of "a", 1')]],
  ['const', { const: { x: [1] } }, { x: [2] }, [issue('', 'must be {"x":[1]}')]],
  ['minLength counts code points', { minLength: 2 }, '😀', [issue('', 'must have at least 2 characters')]],
  ['minLength 1 singular', { minLength: 1 }, '', [issue('', 'must have at least 1 character')]],
  ['maxLength', { maxLength: 2 }, 'abc', [issue('', 'must have at most 2 characters')]],
  // A surrogate pair is one code point, a lone surrogate one too (as [...value] counts them).
  ['maxLength counts a pair once and a lone surrogate once', { maxLength: 2 }, '😀\uD83D', []],
  ['maxLength past them', { maxLength: 2 }, '\uDE00😀\uD83D', [issue('', 'must have at most 2 characters')]],
  ['pattern', { pattern: '^[a-z]+$' }, 'ab1', [issue('', 'must match the pattern ^[a-z]+$')]],
  ['minimum', { minimum: 1 }, 0, [issue('', 'must be >= 1')]],
  ['maximum', { maximum: 1 }, 2, [issue('', 'must be <= 1')]],
  ['exclusiveMinimum', { exclusiveMinimum: 1 }, 1, [issue('', 'must be > 1')]],
  ['exclusiveMaximum', { exclusiveMaximum: 1 }, 1, [issue('', 'must be < 1')]],
  ['multipleOf', { multipleOf: 0.5 }, 1.25, [issue('', 'must be a multiple of 0.5')]],
  ['multipleOf passes', { multipleOf: 0.5 }, 1.5, []],
  ['minItems', { minItems: 2 }, [1], [issue('', 'must have at least 2 items')]],
  ['maxItems', { maxItems: 1 }, [1, 2], [issue('', 'must have at most 1 items')]],
  ['items', { items: { type: 'string' } }, ['a', 1], [issue('[1]', 'must be string, got integer')]],
  [
    'prefixItems then items',
    { prefixItems: [{ type: 'string' }], items: { type: 'integer' } },
    [1, 'x'],
    [issue('[0]', 'must be string, got integer'), issue('[1]', 'must be integer, got string')],
  ],
  [
    'uniqueItems',
    { uniqueItems: true },
    [{ a: 1 }, { a: 1 }],
    [issue('', 'must not contain duplicate items')],
  ],
  ['required', { required: ['a', 'b'] }, { a: 1 }, [issue('b', 'is required')]],
  [
    'properties',
    { properties: { a: { type: 'string' } } },
    { a: 1 },
    [issue('a', 'must be string, got integer')],
  ],
  ['minProperties', { minProperties: 1 }, {}, [issue('', 'must have at least 1 properties')]],
  ['maxProperties', { maxProperties: 1 }, { a: 1, b: 2 }, [issue('', 'must have at most 1 properties')]],
  [
    'additionalProperties false',
    { properties: { a: {} }, additionalProperties: false },
    { a: 1, b: 2 },
    [issue('b', 'is not an allowed property')],
  ],
  [
    'additionalProperties schema',
    { additionalProperties: { type: 'number' } },
    { b: 'x' },
    [issue('b', 'must be number, got string')],
  ],
  [
    'patternProperties',
    { patternProperties: { '^x-': { type: 'string' } }, additionalProperties: false },
    { 'x-a': 1, y: 2 },
    [issue('x-a', 'must be string, got integer'), issue('y', 'is not an allowed property')],
  ],
  [
    'nested paths',
    { properties: { list: { items: { properties: { id: { type: 'integer' } } } } } },
    { list: [{ id: 1 }, { id: 'x' }] },
    [issue('list[1].id', 'must be integer, got string')],
  ],
  [
    'allOf reports every failing branch',
    { allOf: [{ minimum: 2 }, { multipleOf: 2 }] },
    1,
    [issue('', 'must be >= 2'), issue('', 'must be a multiple of 2')],
  ],
  [
    'anyOf',
    { anyOf: [{ type: 'string' }, { type: 'null' }] },
    1,
    [issue('', 'must match at least one of the allowed schemas (anyOf)')],
  ],
  [
    'oneOf none',
    { oneOf: [{ type: 'string' }] },
    1,
    [issue('', 'must match exactly one of the allowed schemas (oneOf), matched 0')],
  ],
  [
    'oneOf two',
    { oneOf: [{ type: 'number' }, { type: 'integer' }] },
    1,
    [issue('', 'must match exactly one of the allowed schemas (oneOf), matched 2')],
  ],
  ['not', { not: { type: 'string' } }, 'x', [issue('', 'must not match the excluded schema')]],
  ['if/then', conditional, { kind: 'a' }, [issue('a', 'is required')]],
  ['if/else', conditional, { kind: 'z' }, [issue('b', 'is required')]],
  [
    '$ref into $defs',
    { $defs: { id: { type: 'integer', minimum: 1 } }, properties: { id: { $ref: '#/$defs/id' } } },
    { id: 0 },
    [issue('id', 'must be >= 1')],
  ],
  [
    '$ref with an escaped pointer',
    { $defs: { 'a/b': { type: 'string' } }, $ref: '#/$defs/a~1b' },
    1,
    [issue('', 'must be string, got integer')],
  ],
  [
    'recursive $ref',
    { type: 'object', properties: { child: { $ref: '#' } }, required: ['name'] },
    { name: 'a', child: { name: 'b', child: {} } },
    [issue('child.child.name', 'is required')],
  ],
  [
    'unresolvable $ref',
    { $ref: '#/$defs/missing' },
    1,
    [issue('', 'has an unresolvable $ref #/$defs/missing')],
  ],
  [
    'remote $ref is not fetched',
    { $ref: 'https://example.com/s.json' },
    1,
    [issue('', 'has an unresolvable $ref https://example.com/s.json')],
  ],
  ['unknown keywords are ignored', { type: 'string', 'x-custom': true, deprecated: true }, 'a', []],
  ['required is an own property', { required: ['toString'] }, {}, [issue('toString', 'is required')]],
  ['multipleOf of a decimal step', { multipleOf: 0.01 }, 0.29, []],
  [
    'multipleOf of a decimal step refuses',
    { multipleOf: 0.01 },
    0.295,
    [issue('', 'must be a multiple of 0.01')],
  ],
  [
    'propertyNames',
    { propertyNames: { pattern: '^[a-z]+$' } },
    { ok: 1, 'Not-ok': 2 },
    [issue('Not-ok', 'is not an allowed property name')],
  ],
  [
    'contains',
    { contains: { type: 'string' } },
    [1, 2],
    [issue('', 'must contain at least 1 matching item')],
  ],
  [
    'minContains and maxContains',
    { contains: { type: 'string' }, minContains: 2, maxContains: 2 },
    ['a', 'b', 'c'],
    [issue('', 'must contain at most 2 matching items')],
  ],
  [
    'dependentRequired',
    { dependentRequired: { card: ['cvc'] } },
    { card: '4111' },
    [issue('cvc', 'is required when card is present')],
  ],
  [
    'dependentSchemas',
    { dependentSchemas: { card: { required: ['cvc'] } } },
    { card: '4111' },
    [issue('cvc', 'is required')],
  ],
];

const formats: [string, string, string][] = [
  ['date', '2026-07-28', '2026-13-45'],
  ['date-time', '2026-07-28T10:00:00.5+02:00', '2026-07-28 10:00'],
  ['email', 'a@b.example', 'a@b'],
  ['uri', 'https://example.com/x?y', 'example.com'],
  ['uuid', '123e4567-e89b-12d3-a456-426614174000', '123e4567e89b12d3a456426614174000'],
];

describe('validateJsonSchema', () => {
  for (const [name, schema, value, expected] of rows) {
    test(name, () => assert.deepEqual(validateJsonSchema(schema, value), expected));
  }

  for (const [format, valid, invalid] of formats) {
    test(`format ${format}`, () => {
      assert.deepEqual(validateJsonSchema({ format }, valid), []);
      assert.deepEqual(validateJsonSchema({ format }, invalid), [issue('', `must be a valid ${format}`)]);
    });
  }

  test('refuses calendar days that do not exist', () => {
    assert.deepEqual(validateJsonSchema({ format: 'date' }, '2026-02-30'), [
      issue('', 'must be a valid date'),
    ]);
    assert.deepEqual(validateJsonSchema({ format: 'date-time' }, '2026-04-31T10:00:00Z'), [
      issue('', 'must be a valid date-time'),
    ]);
    assert.deepEqual(validateJsonSchema({ format: 'date' }, '2028-02-29'), []);
  });

  test('date-time: refuses 24:00:00, accepts the leap second at 23:59:60 UTC (RFC 3339)', () => {
    const invalid = [issue('', 'must be a valid date-time')];
    assert.deepEqual(validateJsonSchema({ format: 'date-time' }, '2026-07-28T24:00:00Z'), invalid);
    assert.deepEqual(validateJsonSchema({ format: 'date-time' }, '2026-07-28T10:00:00+24:00'), invalid);
    assert.deepEqual(validateJsonSchema({ format: 'date-time' }, '2016-12-31T23:59:60Z'), []);
    assert.deepEqual(validateJsonSchema({ format: 'date-time' }, '2016-12-31T18:59:60.5-05:00'), []);
    assert.deepEqual(validateJsonSchema({ format: 'date-time' }, '2016-12-31T12:00:60Z'), invalid);
  });

  test('ignores unknown formats and formats on other types', () => {
    assert.deepEqual(validateJsonSchema({ format: 'hostname' }, '!!'), []);
    assert.deepEqual(validateJsonSchema({ format: 'email' }, 42), []);
  });

  test('with exactIntegers, refuses an integer JSON cannot carry exactly where the schema asks for an integer', () => {
    const unsafe =
      'must be an integer between -(2^53 - 1) and 2^53 - 1: a larger one cannot be read exactly from JSON (send such ids as strings)';
    const args = JSON.parse('{"id": 12345678901234567890, "n": -9007199254740993, "x": 1e300}');
    const schema = {
      type: 'object',
      properties: { id: { type: 'integer' }, n: { type: 'integer' }, x: { type: 'integer' } },
    };
    const exact = { exactIntegers: true };
    assert.deepEqual(validateJsonSchema(schema, args, exact), [
      issue('id', unsafe),
      issue('n', unsafe),
      issue('x', unsafe),
    ]);
    assert.deepEqual(validateJsonSchema({ type: 'integer' }, Number.MAX_SAFE_INTEGER, exact), []);
    assert.deepEqual(validateJsonSchema({ type: 'integer' }, -Number.MAX_SAFE_INTEGER, exact), []);
    // A number schema takes any number: floats are approximate by nature.
    assert.deepEqual(validateJsonSchema({ type: 'number' }, 1e300, exact), []);
    assert.deepEqual(validateJsonSchema({ type: ['integer', 'number'] }, 1e300, exact), []);
    // Without the option (a handler's output: the number it chose) the value is an integer.
    assert.deepEqual(validateJsonSchema(schema, args), []);
  });

  test('stops at a type mismatch instead of piling up issues', () => {
    assert.deepEqual(validateJsonSchema({ type: 'string', minLength: 3, pattern: '^a' }, 1), [
      issue('', 'must be string, got integer'),
    ]);
  });
});

describe('unevaluatedProperties and unevaluatedItems', () => {
  test('false refuses what neither the schema nor its applying subschemas evaluate', () => {
    const schema: JsonSchema = {
      type: 'object',
      allOf: [{ properties: { a: {} } }, { $ref: '#/$defs/b' }],
      properties: { c: {} },
      patternProperties: { '^x-': {} },
      unevaluatedProperties: false,
      $defs: { b: { properties: { b: {} } } },
    };
    assert.deepEqual(validateJsonSchema(schema, { a: 1, b: 2, c: 3, 'x-d': 4 }), []);
    assert.deepEqual(validateJsonSchema(schema, { a: 1, e: 5 }), [issue('e', 'is not an allowed property')]);
  });

  test('only the anyOf/oneOf branches and if/then/else parts that apply evaluate', () => {
    const schema: JsonSchema = {
      type: 'object',
      anyOf: [
        { properties: { kind: { const: 'x' }, x: {} }, required: ['kind'] },
        { properties: { kind: { const: 'y' }, y: {} }, required: ['kind'] },
      ],
      if: { properties: { kind: { const: 'x' } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keyword, not a thenable.
      then: { properties: { matched: {} } },
      else: { properties: { otherwise: {} } },
      unevaluatedProperties: false,
    };
    assert.deepEqual(validateJsonSchema(schema, { kind: 'x', x: 1, matched: 2 }), []);
    assert.deepEqual(validateJsonSchema(schema, { kind: 'x', y: 1, otherwise: 2 }), [
      issue('y', 'is not an allowed property'),
      issue('otherwise', 'is not an allowed property'),
    ]);
  });

  test('a schema checks the properties left unevaluated; additionalProperties leaves none', () => {
    assert.deepEqual(
      validateJsonSchema(
        { properties: { a: {} }, unevaluatedProperties: { type: 'string' } },
        { a: 1, b: 2 },
      ),
      [issue('b', 'must be string, got integer')],
    );
    assert.deepEqual(
      validateJsonSchema({ additionalProperties: true, unevaluatedProperties: false }, { any: 1 }),
      [],
    );
  });

  test('unevaluatedItems: items past prefixItems and contains matches', () => {
    const schema: JsonSchema = {
      type: 'array',
      prefixItems: [{ type: 'string' }],
      contains: { type: 'boolean' },
      unevaluatedItems: false,
    };
    assert.deepEqual(validateJsonSchema(schema, ['a', true]), []);
    assert.deepEqual(validateJsonSchema(schema, ['a', true, 3]), [issue('[2]', 'is not an allowed item')]);
    assert.deepEqual(validateJsonSchema({ items: {}, unevaluatedItems: false }, [1, 2]), []);
  });
});

describe('assertSupportedSchema', () => {
  const refused: [JsonSchema, string][] = [
    [
      { properties: { list: { items: [{ type: 'string' }] } } },
      'Tool x: properties.list uses an array items (draft-07 tuples): use prefixItems',
    ],
    [
      { anyOf: [{ dependencies: { a: ['b'] } }] },
      'Tool x: anyOf[0] uses dependencies, which this validator does not support',
    ],
    [
      { properties: { id: { $ref: '#/$defs/missing' } } },
      'Tool x: properties.id has a $ref #/$defs/missing that does not resolve inside the schema',
    ],
    [
      { $ref: 'https://example.com/s.json' },
      'Tool x: the schema has a $ref https://example.com/s.json that does not resolve inside the schema',
    ],
    [
      { $defs: { a: { $ref: '#/$defs/a' } }, properties: { x: { $ref: '#/$defs/a' } } },
      'Tool x: properties.x.$ref.$ref refers back to itself without descending into the value: validating any value would never end',
    ],
    [
      { type: 'object', allOf: [{ anyOf: [{ $ref: '#' }, { type: 'object' }] }] },
      'Tool x: allOf[0].anyOf[0].$ref refers back to itself without descending into the value: validating any value would never end',
    ],
    [
      { properties: { a: { pattern: '\\p{Nope}' } } },
      'Tool x: properties.a has a pattern "\\\\p{Nope}" that is not a valid Unicode regular expression',
    ],
  ];
  for (const [schema, message] of refused) {
    test(message, () =>
      assert.throws(() => assertSupportedSchema(schema, 'Tool x'), { name: 'TypeError', message }),
    );
  }

  test('accepts a recursive schema that descends into the value (a tree)', () => {
    const tree: JsonSchema = {
      type: 'object',
      properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } },
    };
    assertSupportedSchema(tree, 'Tool x');
    assert.deepEqual(
      validateJsonSchema(tree, { name: 'a', children: [{ name: 'b', children: [{ name: 3 }] }] }),
      [issue('children[0].children[0].name', 'must be string, got integer')],
    );
  });

  test('accepts what it supports, and keyword names used as property names', () => {
    assertSupportedSchema(
      {
        type: 'object',
        properties: {
          unevaluatedProperties: { type: 'string', pattern: '^\\p{L}+$' },
          items: { $ref: '#/$defs/i' },
        },
        $defs: { i: { type: 'array', prefixItems: [{ const: 1 }], contains: { type: 'integer' } } },
        enum: [{ dependencies: 1 }],
      },
      'Tool x',
    );
  });
});
