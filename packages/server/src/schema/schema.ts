import { assertSupportedSchema, type JsonSchema, jsonSchemaValidator } from './json-schema-validator.ts';
import { isStandardSchema, type StandardSchemaV1 } from './standard-schema.ts';

/** What a tool's `input` or `output` may be: a Standard Schema (zod v4, ...) or a plain JSON Schema. */
export type SchemaLike = StandardSchemaV1 | { [keyword: string]: unknown };

export type Validation = { ok: true; value: unknown } | { ok: false; issues: string[] };

/** A schema resolved once at definition time: the JSON Schema to advertise and a validator. */
export interface CompiledSchema {
  readonly jsonSchema: Record<string, unknown>;
  validate(value: unknown): Validation | Promise<Validation>;
}

const JSON_SCHEMA_TARGET = 'draft-2020-12';

export function compileSchema(
  schema: SchemaLike,
  role: 'input' | 'output',
  owner = 'A tool',
): CompiledSchema {
  if (isStandardSchema(schema)) return compileStandard(schema, role);
  const jsonSchema = schema as Record<string, unknown>;
  assertSupportedSchema(jsonSchema, `${owner} ${role}Schema`);
  // Arguments come from JSON, where an integer past 2^53 has already been rounded; a
  // handler's output is the number it chose.
  const validateValue = jsonSchemaValidator(jsonSchema as JsonSchema, { exactIntegers: role === 'input' });
  return {
    jsonSchema,
    validate(value) {
      const issues = validateValue(value);
      return issues.length === 0
        ? { ok: true, value }
        : { ok: false, issues: issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)) };
    },
  };
}

function compileStandard(schema: StandardSchemaV1, role: 'input' | 'output'): CompiledSchema {
  const standard = schema['~standard'];
  if (!standard.jsonSchema) {
    throw new TypeError(
      `The ${standard.vendor} schema has no JSON Schema export (Standard JSON Schema); ` +
        'pass a plain JSON Schema object or a library version that provides one (zod >= 4.2).',
    );
  }
  const exporter = standard.jsonSchema;
  let exported: Record<string, unknown> | undefined;
  return {
    // Exported on first use: a cold `tools/call` validates with the library and never needs
    // the JSON Schema, so a Lambda cold start pays for it only when tools/list is asked.
    get jsonSchema() {
      if (!exported) {
        const { $schema: _dialect, ...jsonSchema } = exporter[role]({ target: JSON_SCHEMA_TARGET });
        exported = jsonSchema;
      }
      return exported;
    },
    async validate(value) {
      const result = await standard.validate(value);
      if (!result.issues) return { ok: true, value: result.value };
      return { ok: false, issues: result.issues.map((issue) => formatIssue(issue, value)) };
    },
  };
}

function formatIssue(
  issue: { message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> },
  input: unknown,
): string {
  const keys = (issue.path ?? []).map((segment) => (typeof segment === 'object' ? segment.key : segment));
  const path = keys
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
  // A library's "expected number, received undefined" is, for a model, a field it left out.
  if (path && isMissing(input, keys)) return `${path} is required`;
  return path ? `${path}: ${issue.message}` : issue.message;
}

function isMissing(input: unknown, keys: readonly PropertyKey[]): boolean {
  let parent: unknown = input;
  for (const key of keys.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return false;
    parent = (parent as Record<PropertyKey, unknown>)[key];
  }
  const last = keys[keys.length - 1] as PropertyKey;
  return (
    typeof parent === 'object' && parent !== null && !Array.isArray(parent) && !Object.hasOwn(parent, last)
  );
}

/** An object schema that accepts anything: the input of a tool declared without one. */
export const EMPTY_OBJECT_SCHEMA: CompiledSchema = {
  jsonSchema: { type: 'object', properties: {} },
  validate: (value) => ({ ok: true, value }),
};
