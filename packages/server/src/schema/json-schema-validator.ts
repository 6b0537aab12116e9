/**
 * A small, eval-free JSON Schema (2020-12) validator covering the keywords tool schemas
 * use: type, enum, const, properties, patternProperties, required, additionalProperties,
 * propertyNames, dependentRequired, dependentSchemas, unevaluatedProperties, items,
 * prefixItems, contains (minContains, maxContains), unevaluatedItems, uniqueItems, min/max
 * (length, items, properties), numeric
 * bounds, multipleOf, pattern, format (date, date-time, email, uri, uuid; other formats
 * are annotations), allOf, anyOf, oneOf, not, if/then/else and local `$ref` (JSON pointers
 * into the schema). Annotations and unknown keywords are ignored, as the specification
 * allows; `assertSupportedSchema` refuses, when a tool is defined, the assertions this
 * validator would otherwise skip (`$dynamicRef`, `$recursiveRef`, draft-07 `dependencies`,
 * `additionalItems` and array `items`), a `$ref`
 * it cannot resolve and a pattern that is not a valid Unicode regular expression.
 */
export type JsonSchema = boolean | { [keyword: string]: unknown };

export interface SchemaIssue {
  path: string;
  message: string;
}

const FORMATS: Record<string, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uri: /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$/,
  uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
};

/**
 * Returns the issues of `value` against `schema`; an empty array means valid.
 * `exactIntegers` (for arguments read from JSON): an `integer` past ±(2^53 - 1) is an issue,
 * since JSON.parse has already rounded it to another number.
 */
export function validateJsonSchema(
  schema: JsonSchema,
  value: unknown,
  options: { exactIntegers?: boolean } = {},
): SchemaIssue[] {
  return jsonSchemaValidator(schema, options)(value);
}

/** `validateJsonSchema` for one schema, prepared once: what a tool runs on every call. */
export function jsonSchemaValidator(
  schema: JsonSchema,
  options: { exactIntegers?: boolean } = {},
): (value: unknown) => SchemaIssue[] {
  const scope: Scope = { root: schema, exactIntegers: options.exactIntegers === true };
  return (value) => {
    const issues: SchemaIssue[] = [];
    check(schema, value, '', scope, issues);
    return issues;
  };
}

/** What every step of one validation shares: the root `$ref`s resolve against, and the options. */
interface Scope {
  readonly root: JsonSchema;
  readonly exactIntegers: boolean;
}

const UNSAFE_INTEGER =
  'must be an integer between -(2^53 - 1) and 2^53 - 1: a larger one cannot be read exactly from JSON (send such ids as strings)';

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function resolveRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node as JsonSchema | undefined;
}

function at(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

function check(schema: JsonSchema, value: unknown, path: string, scope: Scope, issues: SchemaIssue[]): void {
  if (schema === true) return;
  if (schema === false) {
    issues.push({ path, message: 'is not allowed' });
    return;
  }
  const s = schema;
  if (typeof s.$ref === 'string') {
    const target = resolveRef(scope.root, s.$ref);
    if (target === undefined) issues.push({ path, message: `has an unresolvable $ref ${s.$ref}` });
    else check(target, value, path, scope, issues);
  }
  const actual = typeOf(value);
  const type = s.type;
  if (type !== undefined) {
    // One type (the usual case) is compared without building a list: this runs for every
    // typed node of every tool call's arguments.
    const one = typeof type === 'string';
    if (one ? !matchesType(type, actual) : !(type as string[]).some((t) => matchesType(t, actual))) {
      issues.push({
        path,
        message: `must be ${one ? type : (type as string[]).join(' or ')}, got ${actual}`,
      });
      return;
    }
    // JSON.parse has already rounded an integer past 2^53 (12345678901234567890 arrives as
    // ...67000): refused rather than handed to the tool as a different number, another id.
    if (
      scope.exactIntegers &&
      actual === 'integer' &&
      !Number.isSafeInteger(value) &&
      !(one ? type === 'number' : (type as string[]).includes('number'))
    ) {
      issues.push({ path, message: UNSAFE_INTEGER });
      return;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((option) => deepEqual(option, value))) {
    issues.push({ path, message: `must be one of ${s.enum.map((o) => JSON.stringify(o)).join(', ')}` });
  }
  if ('const' in s && !deepEqual(s.const, value)) {
    issues.push({ path, message: `must be ${JSON.stringify(s.const)}` });
  }
  if (actual === 'string') checkString(s, value as string, path, issues);
  else if (actual === 'number' || actual === 'integer') checkNumber(s, value as number, path, issues);
  else if (actual === 'array') checkArray(s, value as unknown[], path, scope, issues);
  else if (actual === 'object') checkObject(s, value as Record<string, unknown>, path, scope, issues);
  checkComposition(s, value, path, scope, issues);
}

/** Patterns compiled once: a schema's patterns are few and fixed, the calls many. */
const compiled = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'u');
    compiled.set(pattern, re);
  }
  return re;
}

function checkString(s: Record<string, unknown>, value: string, path: string, issues: SchemaIssue[]): void {
  const length = typeof s.minLength === 'number' || typeof s.maxLength === 'number' ? codePoints(value) : 0;
  if (typeof s.minLength === 'number' && length < s.minLength) {
    issues.push({
      path,
      message: `must have at least ${s.minLength} character${s.minLength === 1 ? '' : 's'}`,
    });
  }
  if (typeof s.maxLength === 'number' && length > s.maxLength) {
    issues.push({ path, message: `must have at most ${s.maxLength} characters` });
  }
  if (typeof s.pattern === 'string' && !regex(s.pattern).test(value)) {
    issues.push({ path, message: `must match the pattern ${s.pattern}` });
  }
  if (typeof s.format === 'string') {
    const format = FORMATS[s.format];
    const valid =
      s.format === 'date-time'
        ? isDateTime(value)
        : format?.test(value) && (s.format === 'date' ? isCalendarDate(value) : true);
    if (format && !valid) issues.push({ path, message: `must be a valid ${s.format}` });
  }
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Length in code points, as JSON Schema counts (an emoji is one character, not two UTF-16
 * units), without building an array of them: strings are checked on every call.
 */
function codePoints(value: string): number {
  let count = value.length;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** The YYYY-MM-DD that `value` starts with is a day of the calendar (not 2026-02-30). */
function isCalendarDate(value: string): boolean {
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month]!);
}

/**
 * RFC 3339 date-time, checked field by field rather than with Date.parse, which takes
 * 24:00:00 (the end of the day) and refuses the leap second 23:59:60 (UTC) that RFC 3339 allows.
 */
function isDateTime(value: string): boolean {
  const m = FORMATS['date-time']!.exec(value);
  if (m === null || !isCalendarDate(value)) return false;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = Number(m[3]);
  const offsetHour = m[4] === undefined ? 0 : Number(m[5]);
  const offsetMinute = m[4] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || offsetHour > 23 || offsetMinute > 59 || second > 60) return false;
  if (second < 60) return true;
  // A leap second is inserted at 23:59:60 UTC: the local time minus its offset must be 23:59.
  const utc = hour * 60 + minute - (m[4] === '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute);
  return ((utc % 1440) + 1440) % 1440 === 1439;
}

function checkNumber(s: Record<string, unknown>, value: number, path: string, issues: SchemaIssue[]): void {
  if (typeof s.minimum === 'number' && value < s.minimum)
    issues.push({ path, message: `must be >= ${s.minimum}` });
  if (typeof s.maximum === 'number' && value > s.maximum)
    issues.push({ path, message: `must be <= ${s.maximum}` });
  if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) {
    issues.push({ path, message: `must be > ${s.exclusiveMinimum}` });
  }
  if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) {
    issues.push({ path, message: `must be < ${s.exclusiveMaximum}` });
  }
  if (typeof s.multipleOf === 'number' && !isMultiple(value, s.multipleOf)) {
    issues.push({ path, message: `must be a multiple of ${s.multipleOf}` });
  }
}

/** 0.29 / 0.01 is 28.999999999999996 in binary floating point: allow that rounding error. */
function isMultiple(value: number, divisor: number): boolean {
  const quotient = value / divisor;
  if (Number.isInteger(quotient)) return true;
  return Math.abs(quotient - Math.round(quotient)) <= 4 * Number.EPSILON * Math.abs(quotient);
}

function checkArray(
  s: Record<string, unknown>,
  value: unknown[],
  path: string,
  scope: Scope,
  issues: SchemaIssue[],
): void {
  if (typeof s.minItems === 'number' && value.length < s.minItems) {
    issues.push({ path, message: `must have at least ${s.minItems} items` });
  }
  if (typeof s.maxItems === 'number' && value.length > s.maxItems) {
    issues.push({ path, message: `must have at most ${s.maxItems} items` });
  }
  const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as JsonSchema[]) : [];
  value.forEach((item, i) => {
    const itemSchema = i < prefix.length ? prefix[i] : (s.items as JsonSchema | undefined);
    if (itemSchema !== undefined) check(itemSchema, item, at(path, i), scope, issues);
  });
  if (s.contains !== undefined) {
    const matches = value.filter((item) => passesSchema(s.contains as JsonSchema, item, scope)).length;
    const min = typeof s.minContains === 'number' ? s.minContains : 1;
    if (matches < min) {
      issues.push({ path, message: `must contain at least ${min} matching item${min === 1 ? '' : 's'}` });
    }
    if (typeof s.maxContains === 'number' && matches > s.maxContains) {
      issues.push({ path, message: `must contain at most ${s.maxContains} matching items` });
    }
  }
  if (s.uniqueItems === true) {
    for (let i = 1; i < value.length; i++) {
      if (value.slice(0, i).some((earlier) => deepEqual(earlier, value[i]))) {
        issues.push({ path, message: 'must not contain duplicate items' });
        break;
      }
    }
  }
  if (s.unevaluatedItems !== undefined) {
    const evaluated = evaluatedItems(s, value, scope);
    if (evaluated === 'all') return;
    value.forEach((item, i) => {
      if (evaluated.has(i)) return;
      if (s.unevaluatedItems === false) issues.push({ path: at(path, i), message: 'is not an allowed item' });
      else check(s.unevaluatedItems as JsonSchema, item, at(path, i), scope, issues);
    });
  }
}

/** Shared empty defaults, so a schema without properties or patternProperties allocates nothing per check. */
const NONE: Readonly<Record<string, JsonSchema>> = Object.freeze({});
const NO_PATTERNS: readonly (readonly [RegExp, JsonSchema])[] = [];

function checkObject(
  s: Record<string, unknown>,
  value: Record<string, unknown>,
  path: string,
  scope: Scope,
  issues: SchemaIssue[],
): void {
  const properties = (s.properties ?? NONE) as Record<string, JsonSchema>;
  if (Array.isArray(s.required)) {
    for (const key of s.required as string[]) {
      if (!Object.hasOwn(value, key)) issues.push({ path: at(path, key), message: 'is required' });
    }
  }
  if (typeof s.dependentRequired === 'object' && s.dependentRequired !== null) {
    for (const [trigger, needed] of Object.entries(s.dependentRequired as Record<string, string[]>)) {
      if (!Object.hasOwn(value, trigger) || !Array.isArray(needed)) continue;
      for (const key of needed) {
        if (!Object.hasOwn(value, key)) {
          issues.push({ path: at(path, key), message: `is required when ${trigger} is present` });
        }
      }
    }
  }
  if (typeof s.dependentSchemas === 'object' && s.dependentSchemas !== null) {
    for (const [trigger, schema] of Object.entries(s.dependentSchemas as Record<string, JsonSchema>)) {
      if (Object.hasOwn(value, trigger)) check(schema, value, path, scope, issues);
    }
  }
  const keys = Object.keys(value);
  if (typeof s.minProperties === 'number' && keys.length < s.minProperties) {
    issues.push({ path, message: `must have at least ${s.minProperties} properties` });
  }
  if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) {
    issues.push({ path, message: `must have at most ${s.maxProperties} properties` });
  }
  const patterns =
    s.patternProperties === undefined
      ? NO_PATTERNS
      : Object.entries(s.patternProperties as Record<string, JsonSchema>).map(
          ([pattern, schema]) => [regex(pattern), schema] as const,
        );
  for (const key of keys) {
    const child = value[key];
    if (s.propertyNames !== undefined && !passesSchema(s.propertyNames as JsonSchema, key, scope)) {
      issues.push({ path: at(path, key), message: 'is not an allowed property name' });
    }
    let matched = false;
    if (Object.hasOwn(properties, key)) {
      matched = true;
      check(properties[key] as JsonSchema, child, at(path, key), scope, issues);
    }
    for (const [pattern, schema] of patterns) {
      if (pattern.test(key)) {
        matched = true;
        check(schema, child, at(path, key), scope, issues);
      }
    }
    if (!matched && s.additionalProperties !== undefined) {
      if (s.additionalProperties === false)
        issues.push({ path: at(path, key), message: 'is not an allowed property' });
      else check(s.additionalProperties as JsonSchema, child, at(path, key), scope, issues);
    }
  }
  if (s.unevaluatedProperties !== undefined) {
    const evaluated = evaluatedProperties(s, value, scope);
    if (evaluated === 'all') return;
    for (const key of keys) {
      if (evaluated.has(key)) continue;
      if (s.unevaluatedProperties === false)
        issues.push({ path: at(path, key), message: 'is not an allowed property' });
      else check(s.unevaluatedProperties as JsonSchema, value[key], at(path, key), scope, issues);
    }
  }
}

/**
 * The properties of `value` that `s` and the subschemas that apply to it (through `$ref`,
 * allOf, the anyOf/oneOf branches that pass, if/then/else, dependentSchemas) evaluate: what
 * `unevaluatedProperties` leaves alone (JSON Schema 2020-12, section 11.3). Only computed
 * for a schema that has `unevaluatedProperties`.
 */
function evaluatedProperties(
  s: Record<string, unknown>,
  value: Record<string, unknown>,
  scope: Scope,
): Set<string> | 'all' {
  const evaluated = new Set<string>();
  const keys = Object.keys(value);
  if (s.additionalProperties !== undefined) return 'all';
  if (isObject(s.properties))
    for (const key of keys) if (Object.hasOwn(s.properties, key)) evaluated.add(key);
  if (isObject(s.patternProperties)) {
    for (const pattern of Object.keys(s.patternProperties))
      for (const key of keys) if (regex(pattern).test(key)) evaluated.add(key);
  }
  const merge = (schema: unknown): boolean => {
    if (schema === true) return false; // `true` applies but evaluates nothing (no annotations)
    if (!isObject(schema)) return false;
    // A nested unevaluatedProperties that passes has evaluated every property itself.
    const inner =
      schema.unevaluatedProperties !== undefined ? 'all' : evaluatedProperties(schema, value, scope);
    if (inner === 'all') return true;
    for (const key of inner) evaluated.add(key);
    return false;
  };
  const applying = applyingSubschemas(s, value, scope);
  for (const schema of applying) if (schema !== undefined && merge(schema)) return 'all';
  return evaluated;
}

/**
 * The subschemas of `s` that apply to `value` as it is: `$ref`, every allOf, the anyOf and
 * oneOf branches it passes, `if` with `then` or `else`, and the dependentSchemas its
 * properties trigger. Their annotations count (JSON Schema 2020-12, section 7.7.1.2); a
 * failed branch's do not.
 */
function applyingSubschemas(s: Record<string, unknown>, value: unknown, scope: Scope): unknown[] {
  const applying: unknown[] = [];
  if (typeof s.$ref === 'string') applying.push(resolveRef(scope.root, s.$ref));
  if (Array.isArray(s.allOf)) applying.push(...s.allOf);
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const list = s[keyword];
    if (Array.isArray(list))
      applying.push(...list.filter((branch) => passesSchema(branch as JsonSchema, value, scope)));
  }
  if (s.if !== undefined) {
    if (passesSchema(s.if as JsonSchema, value, scope)) applying.push(s.if, s.then);
    else applying.push(s.else);
  }
  if (isObject(s.dependentSchemas) && isObject(value)) {
    for (const [trigger, schema] of Object.entries(s.dependentSchemas))
      if (Object.hasOwn(value, trigger)) applying.push(schema);
  }
  return applying;
}

/**
 * How many leading items of `value` `s` and its applying subschemas evaluate, or 'all':
 * what `unevaluatedItems` leaves alone. `contains` evaluates the items it matches.
 */
function evaluatedItems(s: Record<string, unknown>, value: unknown[], scope: Scope): Set<number> | 'all' {
  if (s.items !== undefined) return 'all';
  const evaluated = new Set<number>();
  const prefix = Array.isArray(s.prefixItems) ? s.prefixItems.length : 0;
  for (let i = 0; i < Math.min(prefix, value.length); i++) evaluated.add(i);
  if (s.contains !== undefined) {
    value.forEach((item, i) => {
      if (passesSchema(s.contains as JsonSchema, item, scope)) evaluated.add(i);
    });
  }
  const merge = (schema: unknown): boolean => {
    if (schema === true) return false; // `true` applies but evaluates nothing (no annotations)
    if (!isObject(schema)) return false;
    const inner = schema.unevaluatedItems !== undefined ? 'all' : evaluatedItems(schema, value, scope);
    if (inner === 'all') return true;
    for (const i of inner) evaluated.add(i);
    return false;
  };
  const applying = applyingSubschemas(s, value, scope);
  for (const schema of applying) if (schema !== undefined && merge(schema)) return 'all';
  return evaluated;
}

function passesSchema(schema: JsonSchema, value: unknown, scope: Scope): boolean {
  const sub: SchemaIssue[] = [];
  check(schema, value, '', scope, sub);
  return sub.length === 0;
}

function checkComposition(
  s: Record<string, unknown>,
  value: unknown,
  path: string,
  scope: Scope,
  issues: SchemaIssue[],
): void {
  const passes = (schema: JsonSchema) => {
    const sub: SchemaIssue[] = [];
    check(schema, value, path, scope, sub);
    return sub.length === 0;
  };
  if (Array.isArray(s.allOf))
    for (const sub of s.allOf as JsonSchema[]) check(sub, value, path, scope, issues);
  if (Array.isArray(s.anyOf) && !(s.anyOf as JsonSchema[]).some(passes)) {
    issues.push({ path, message: 'must match at least one of the allowed schemas (anyOf)' });
  }
  if (Array.isArray(s.oneOf)) {
    const count = (s.oneOf as JsonSchema[]).filter(passes).length;
    if (count !== 1)
      issues.push({
        path,
        message: `must match exactly one of the allowed schemas (oneOf), matched ${count}`,
      });
  }
  if (s.not !== undefined && passes(s.not as JsonSchema))
    issues.push({ path, message: 'must not match the excluded schema' });
  if (s.if !== undefined) {
    const branch = passes(s.if as JsonSchema) ? s.then : s.else;
    if (branch !== undefined) check(branch as JsonSchema, value, path, scope, issues);
  }
}

/** Assertions this validator does not implement: a schema using them is refused, not half-checked. */
const UNSUPPORTED = ['$dynamicRef', '$recursiveRef', 'dependencies', 'additionalItems'];
/** Keywords whose value is one subschema, a map of subschemas, or a list of them. */
const ONE = [
  'items',
  'additionalProperties',
  'propertyNames',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'unevaluatedProperties',
  'unevaluatedItems',
];
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

/**
 * Throws a TypeError naming the first part of `schema` this validator cannot check as
 * written: an unsupported assertion keyword, a `$ref` it cannot resolve, an invalid
 * pattern. Run once, when a tool is defined, so no call is validated against half a schema.
 */
export function assertSupportedSchema(schema: JsonSchema, where: string): void {
  const refuse = (path: string, why: string): never => {
    throw new TypeError(`${where}: ${path || 'the schema'} ${why}`);
  };
  const visit = (node: unknown, path: string): void => {
    if (typeof node === 'boolean') return;
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      refuse(path, 'is not a schema (an object or a boolean)');
    }
    const s = node as Record<string, unknown>;
    for (const keyword of UNSUPPORTED) {
      if (keyword in s) refuse(path, `uses ${keyword}, which this validator does not support`);
    }
    if (Array.isArray(s.items)) refuse(path, 'uses an array items (draft-07 tuples): use prefixItems');
    if (typeof s.$ref === 'string') {
      let target: JsonSchema | undefined;
      try {
        target = resolveRef(schema, s.$ref);
      } catch {
        target = undefined;
      }
      if (target === undefined) refuse(path, `has a $ref ${s.$ref} that does not resolve inside the schema`);
    }
    const patterns = [
      ...(typeof s.pattern === 'string' ? [s.pattern] : []),
      ...Object.keys(isObject(s.patternProperties) ? s.patternProperties : {}),
    ];
    for (const pattern of patterns) {
      try {
        regex(pattern);
      } catch {
        refuse(
          path,
          `has a pattern ${JSON.stringify(pattern)} that is not a valid Unicode regular expression`,
        );
      }
    }
    for (const keyword of ONE) if (s[keyword] !== undefined) visit(s[keyword], at(path, keyword));
    for (const keyword of MAP) {
      if (isObject(s[keyword])) {
        for (const [key, child] of Object.entries(s[keyword])) visit(child, at(at(path, keyword), key));
      }
    }
    for (const keyword of LIST) {
      if (!Array.isArray(s[keyword])) continue;
      for (const [i, child] of (s[keyword] as unknown[]).entries()) visit(child, at(at(path, keyword), i));
    }
  };
  visit(schema, '');
  const loop = inPlaceCycle(schema);
  if (loop !== undefined)
    refuse(
      loop,
      'refers back to itself without descending into the value: validating any value would never end',
    );
}

/**
 * A path where a schema reaches itself through subschemas that apply to the same value
 * (`$ref`, allOf/anyOf/oneOf, not, if/then/else, dependentSchemas) without going down into
 * a property or an item: `{ $defs: { a: { $ref: '#/$defs/a' } } }`. Such a schema cannot
 * be evaluated (each step checks the same value again); a recursive schema that descends,
 * like a tree whose `children` items refer to the root, is fine.
 */
function inPlaceCycle(root: JsonSchema): string | undefined {
  const state = new Map<object, 'open' | 'done'>();
  // Every subschema can be where validation starts a loop: the root, and each one reached by descending.
  const starts: [unknown, string][] = [[root, '']];
  const collect = (node: unknown, path: string): void => {
    if (!isObject(node)) return;
    for (const keyword of ONE)
      if (node[keyword] !== undefined) starts.push([node[keyword], at(path, keyword)]);
    for (const keyword of MAP) {
      if (isObject(node[keyword]))
        for (const [key, child] of Object.entries(node[keyword]))
          starts.push([child, at(at(path, keyword), key)]);
    }
    for (const keyword of LIST) {
      const list = node[keyword];
      if (Array.isArray(list)) {
        list.forEach((child, i) => {
          starts.push([child, at(at(path, keyword), i)]);
        });
      }
    }
  };
  const walk = (node: unknown, path: string): string | undefined => {
    if (!isObject(node)) return undefined;
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return path;
    state.set(node, 'open');
    collect(node, path);
    const next: [unknown, string][] = [];
    if (typeof node.$ref === 'string') next.push([resolveRef(root, node.$ref), at(path, '$ref')]);
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = node[keyword];
      if (Array.isArray(list)) {
        list.forEach((child, i) => {
          next.push([child, at(at(path, keyword), i)]);
        });
      }
    }
    for (const keyword of ['not', 'if', 'then', 'else'] as const)
      next.push([node[keyword], at(path, keyword)]);
    if (isObject(node.dependentSchemas)) {
      for (const [key, child] of Object.entries(node.dependentSchemas))
        next.push([child, at(at(path, 'dependentSchemas'), key)]);
    }
    for (const [child, childPath] of next) {
      const found = walk(child, childPath);
      if (found !== undefined) return found;
    }
    state.set(node, 'done');
    return undefined;
  };
  for (let i = 0; i < starts.length; i++) {
    const [node, path] = starts[i]!;
    if (!isObject(node) || state.has(node)) continue;
    const found = walk(node, path);
    if (found !== undefined) return found;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
