/** A JSON Schema 2020-12 node as advertised in `tools/list`. */
export type JsonSchema = { [keyword: string]: unknown } | boolean;

/**
 * `input` leaves out `readOnly` properties (the server sets them); `output` leaves out
 * `writeOnly` ones, and does not close objects (`additionalProperties: false`).
 */
export type SchemaMode = 'input' | 'output';

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const TEXT_KEYWORDS = new Set(['title', 'description', 'format', 'contentMediaType', 'contentEncoding']);
const FLAG_KEYWORDS = new Set(['deprecated', 'readOnly', 'writeOnly', 'uniqueItems']);
const NUMBER_KEYWORDS = new Set(['maximum', 'minimum']);
const COUNT_KEYWORDS = new Set([
  'maxLength',
  'minLength',
  'maxItems',
  'minItems',
  'maxProperties',
  'minProperties',
  'maxContains',
  'minContains',
]);
const SCHEMA_KEYWORDS = new Set([
  'additionalProperties',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
]);
/** `false` here closes an object to properties it does not list. */
const CLOSING_KEYWORDS = new Set(['additionalProperties', 'unevaluatedProperties']);
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'dependentSchemas']);
const SCHEMA_LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

/**
 * Turns the dereferenced OpenAPI schemas of one tool into JSON Schema 2020-12. Keywords are
 * kept by an allow-list (OpenAPI's `discriminator`, `xml`, `example`, `x-*` and malformed
 * values are left out, so strict validators compile every result); 3.0's `nullable` and
 * boolean `exclusiveMinimum` become their 2020-12 forms. A schema that contains itself
 * (the dereferencer leaves cycles as cycles) becomes one `$defs` entry referenced by
 * `$ref`, so recursion is bounded by construction. One converter per tool schema: the
 * `$defs` it collects belong at that schema's root.
 */
export class SchemaConverter {
  readonly defs: Record<string, JsonSchema> = {};
  readonly #mode: SchemaMode;
  readonly #names: ReadonlyMap<object, string>;
  readonly #open = new Set<object>();
  readonly #recursive = new Set<object>();
  readonly #defNames = new Map<object, string>();
  readonly #converted = new Map<object, JsonSchema>();

  /** `names`: the document's component schemas by identity, to name `$defs` entries after them. */
  constructor(mode: SchemaMode, names: ReadonlyMap<object, string>) {
    this.#mode = mode;
    this.#names = names;
  }

  convert(schema: unknown): JsonSchema {
    if (typeof schema === 'boolean') return schema;
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return {};
    if (this.#open.has(schema)) {
      this.#recursive.add(schema);
      return { $ref: `#/$defs/${this.#defName(schema)}` };
    }
    const done = this.#converted.get(schema);
    if (done !== undefined) return done;
    this.#open.add(schema);
    const converted = this.#convertNode(schema as Record<string, unknown>);
    this.#open.delete(schema);
    if (this.#recursive.has(schema)) {
      const name = this.#defName(schema);
      this.defs[name] = converted;
      const ref = { $ref: `#/$defs/${name}` };
      this.#converted.set(schema, ref);
      return ref;
    }
    this.#converted.set(schema, converted);
    return converted;
  }

  /** Whether a property is left out in this mode (read-only in inputs, write-only in outputs). */
  omits(schema: unknown): boolean {
    if (typeof schema !== 'object' || schema === null) return false;
    const record = schema as Record<string, unknown>;
    return this.#mode === 'input' ? record.readOnly === true : record.writeOnly === true;
  }

  #defName(schema: object): string {
    const known = this.#defNames.get(schema);
    if (known !== undefined) return known;
    const base = (this.#names.get(schema) ?? 'Schema').replace(/[^A-Za-z0-9_.-]/g, '_');
    const taken = new Set(this.#defNames.values());
    let name = base;
    for (let n = 2; taken.has(name); n += 1) name = `${base}${n}`;
    this.#defNames.set(schema, name);
    return name;
  }

  #convertNode(node: Record<string, unknown>): JsonSchema {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) this.#keyword(out, key, value, node);
    exclusiveBounds(out, node);
    if (Array.isArray(out.required) && out.properties !== undefined) {
      // A required property this mode leaves out (readOnly id in an input) must not stay required.
      const dropped = Object.keys(node.properties as object).filter(
        (name) => !Object.hasOwn(out.properties as object, name),
      );
      out.required = (out.required as string[]).filter((name) => !dropped.includes(name));
    }
    if (Array.isArray(out.oneOf)) {
      // "Exactly one" refuses a value two branches accept, and documents write overlapping
      // branches all the time (objects with no required field; branches told apart only by
      // a discriminator, which is dropped): every such value would be refused before the API
      // saw it. Any one suffices; the API still checks its own rule.
      const branches = out.oneOf;
      delete out.oneOf;
      if (out.anyOf === undefined) out.anyOf = branches;
      else out.allOf = [...((out.allOf as JsonSchema[] | undefined) ?? []), { anyOf: branches }];
    }
    return node.nullable === true ? withNull(out) : out;
  }

  #keyword(out: Record<string, unknown>, key: string, value: unknown, node: Record<string, unknown>): void {
    if (TEXT_KEYWORDS.has(key)) {
      if (typeof value === 'string') out[key] = value;
    } else if (FLAG_KEYWORDS.has(key)) {
      if (typeof value === 'boolean') out[key] = value;
    } else if (NUMBER_KEYWORDS.has(key)) {
      if (typeof value === 'number') out[key] = value;
    } else if (COUNT_KEYWORDS.has(key)) {
      if (Number.isInteger(value) && (value as number) >= 0) out[key] = value;
    } else if (SCHEMA_KEYWORDS.has(key)) {
      // An answer may carry fields added since the document was written (a non-breaking
      // change by any API's rules): an output schema that refused them would fail the call.
      if (this.#mode === 'output' && value === false && CLOSING_KEYWORDS.has(key)) return;
      out[key] = this.convert(value);
    } else if (SCHEMA_MAP_KEYWORDS.has(key)) {
      if (typeof value === 'object' && value !== null)
        out[key] = this.#convertMap(value as object, key === 'properties');
    } else if (SCHEMA_LIST_KEYWORDS.has(key)) {
      if (Array.isArray(value) && value.length > 0) out[key] = value.map((item) => this.convert(item));
    } else {
      this.#special(out, key, value, node);
    }
  }

  #special(out: Record<string, unknown>, key: string, value: unknown, node: Record<string, unknown>): void {
    switch (key) {
      case 'type': {
        const types = (Array.isArray(value) ? value : [value]).filter((t) => TYPES.has(t as string));
        if (types.length > 0) out.type = Array.isArray(value) ? [...new Set(types)] : types[0];
        break;
      }
      case 'enum':
        if (Array.isArray(value) && value.length > 0) out.enum = value;
        break;
      case 'const':
      case 'default':
        out[key] = value;
        break;
      case 'examples':
        if (Array.isArray(value)) out.examples = value;
        break;
      case 'example':
        if (node.examples === undefined) out.examples = [value];
        break;
      case 'multipleOf':
        if (typeof value === 'number' && value > 0) out.multipleOf = value;
        break;
      case 'pattern':
        if (typeof value === 'string' && isUnicodeRegExp(value)) out.pattern = value;
        break;
      case 'required':
        if (Array.isArray(value))
          out.required = [...new Set(value.filter((name) => typeof name === 'string'))];
        break;
      case 'items':
        // Draft-04 tuple form, met in documents converted from older versions.
        if (Array.isArray(value)) {
          if (value.length > 0) out.prefixItems = value.map((item) => this.convert(item));
        } else {
          out.items = this.convert(value);
        }
        break;
      case 'dependentRequired':
        if (typeof value === 'object' && value !== null) out.dependentRequired = value;
        break;
    }
  }

  #convertMap(map: object, isProperties: boolean): Record<string, JsonSchema> {
    const out: Record<string, JsonSchema> = {};
    for (const [name, schema] of Object.entries(map)) {
      if (isProperties && this.omits(schema)) continue;
      out[name] = this.convert(schema);
    }
    return out;
  }
}

/** OpenAPI 3.0 `exclusiveMaximum: true` qualifies `maximum`; in 2020-12 the exclusive bound replaces it. */
function exclusiveBounds(out: Record<string, unknown>, node: Record<string, unknown>): void {
  for (const [exclusive, inclusive] of [
    ['exclusiveMaximum', 'maximum'],
    ['exclusiveMinimum', 'minimum'],
  ] as const) {
    const flag = node[exclusive];
    if (typeof flag === 'number') out[exclusive] = flag;
    else if (flag === true && typeof node[inclusive] === 'number') {
      out[exclusive] = node[inclusive];
      delete out[inclusive];
    }
  }
}

function isUnicodeRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/** OpenAPI 3.0 `nullable: true`, in 2020-12 terms. */
export function withNull(schema: Record<string, unknown>): JsonSchema {
  const out = { ...schema };
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    return out;
  }
  if (Array.isArray(out.type)) {
    if (!out.type.includes('null')) out.type = [...out.type, 'null'];
    return out;
  }
  // No type of its own (a composition or a $ref): only an alternative admits null.
  if (
    out.allOf !== undefined ||
    out.anyOf !== undefined ||
    out.oneOf !== undefined ||
    out.$ref !== undefined
  ) {
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}
