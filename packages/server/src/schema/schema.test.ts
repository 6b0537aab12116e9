import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as z from 'zod';
import { compileSchema, EMPTY_OBJECT_SCHEMA } from './schema.ts';
import type { StandardSchemaV1 } from './standard-schema.ts';

const task = z.object({
  title: z.string().min(1).describe('What to do'),
  priority: z.enum(['low', 'high']).default('low'),
  tags: z.array(z.string()).optional(),
});

test('advertises a zod input schema as JSON Schema without the $schema dialect', () => {
  assert.deepEqual(compileSchema(task, 'input').jsonSchema, {
    type: 'object',
    properties: {
      title: { type: 'string', minLength: 1, description: 'What to do' },
      priority: { type: 'string', enum: ['low', 'high'], default: 'low' },
      tags: { type: 'array', items: { type: 'string' } },
    },
    required: ['title'],
  });
});

test('advertises the output side of a zod schema, where defaults are always present', () => {
  const { jsonSchema } = compileSchema(task, 'output');
  assert.equal(jsonSchema.$schema, undefined);
  assert.deepEqual(jsonSchema.required, ['title', 'priority']);
});

test('validates with zod and returns the parsed value with defaults applied', async () => {
  assert.deepEqual(await compileSchema(task, 'input').validate({ title: 'Write tests' }), {
    ok: true,
    value: { title: 'Write tests', priority: 'low' },
  });
});

test('formats zod issues as "path: message", indexes in brackets', async () => {
  const result = await compileSchema(task, 'input').validate({
    title: '',
    priority: 'urgent',
    tags: ['a', 1],
  });
  assert.deepEqual(result, {
    ok: false,
    issues: [
      'title: Too small: expected string to have >=1 characters',
      'priority: Invalid option: expected one of "low"|"high"',
      'tags[1]: Invalid input: expected string, received number',
    ],
  });
});

test('formats a root zod issue without a path', async () => {
  assert.deepEqual(await compileSchema(task, 'input').validate('nope'), {
    ok: false,
    issues: ['Invalid input: expected object, received string'],
  });
});

const plain = {
  type: 'object',
  properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } },
  required: ['city'],
};

test('advertises a plain JSON Schema exactly as given', () => {
  assert.equal(compileSchema(plain, 'input').jsonSchema, plain);
});

test('validates a plain JSON Schema and returns the value unchanged', async () => {
  const value = { city: 'Lisbon', days: 2 };
  assert.deepEqual(await compileSchema(plain, 'input').validate(value), { ok: true, value });
});

test('formats plain JSON Schema issues as "path message"', async () => {
  assert.deepEqual(await compileSchema(plain, 'input').validate({ days: 0 }), {
    ok: false,
    issues: ['city is required', 'days must be >= 1'],
  });
  assert.deepEqual(await compileSchema(plain, 'input').validate([]), {
    ok: false,
    issues: ['must be object, got array'],
  });
});

test('refuses a Standard Schema without a JSON Schema export, saying what to do', () => {
  const bare: StandardSchemaV1 = {
    '~standard': { version: 1, vendor: 'bare', validate: (value) => ({ value }) },
  };
  assert.throws(() => compileSchema(bare, 'input'), {
    name: 'TypeError',
    message:
      'The bare schema has no JSON Schema export (Standard JSON Schema); pass a plain JSON Schema object or a library version that provides one (zod >= 4.2).',
  });
});

test('the empty object schema accepts anything as is', async () => {
  assert.deepEqual(EMPTY_OBJECT_SCHEMA.jsonSchema, { type: 'object', properties: {} });
  assert.deepEqual(await EMPTY_OBJECT_SCHEMA.validate({ a: 1 }), { ok: true, value: { a: 1 } });
});
