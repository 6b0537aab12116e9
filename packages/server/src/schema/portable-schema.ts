/**
 * A JSON Schema rewritten into the subset that the strictest tool-calling clients accept
 * (Google Gemini's function declarations, which follow the OpenAPI 3.0 schema object, and
 * clients that forward schemas to it): one `type` per schema (`nullable: true` for null),
 * `enum` for `const`, `anyOf` for `oneOf`, local `$ref`s inlined, and keywords those
 * clients reject left out (`$schema`, `$defs`, `additionalProperties`, exclusive bounds
 * become inclusive). Only what is advertised changes: arguments are still validated
 * against the full schema, so nothing the schema refuses gets through.
 */
export function portableSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const defs = (schema.$defs ?? schema.definitions ?? {}) as Record<string, Record<string, unknown>>;
  return portable(schema, defs, 0) as Record<string, unknown>;
}

const DROPPED = new Set([
  '$schema',
  '$id',
  '$comment',
  '$defs',
  'definitions',
  'additionalProperties',
  'unevaluatedProperties',
]);
/** A recursive `$ref` is inlined this deep, then left as a plain object. */
const MAX_DEPTH = 12;

function portable(value: unknown, defs: Record<string, Record<string, unknown>>, depth: number): unknown {
  if (Array.isArray(value)) return value.map((item) => portable(item, defs, depth));
  if (typeof value !== 'object' || value === null) return value;
  let node = value as Record<string, unknown>;
  if (typeof node.$ref === 'string') {
    const target = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(node.$ref)?.[1];
    const resolved = target === undefined ? undefined : defs[decodeURIComponent(target)];
    const { $ref: _ref, ...rest } = node;
    node = depth >= MAX_DEPTH || !resolved ? { type: 'object', ...rest } : { ...resolved, ...rest };
    depth += 1;
  }
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(node)) {
    if (DROPPED.has(key) || key === '$ref') continue;
    if (key === 'properties' && typeof field === 'object' && field !== null) {
      out.properties = Object.fromEntries(
        Object.entries(field).map(([name, child]) => [name, portable(child, defs, depth)]),
      );
    } else if (key === 'const') {
      out.enum = [field];
    } else if (key === 'oneOf') {
      out.anyOf = portable(field, defs, depth);
    } else if (key === 'exclusiveMinimum' && typeof field === 'number') {
      out.minimum = field;
    } else if (key === 'exclusiveMaximum' && typeof field === 'number') {
      out.maximum = field;
    } else {
      out[key] = portable(field, defs, depth);
    }
  }
  return singleType(out);
}

/** `type: ["string", "null"]` -> `type: "string", nullable: true`; several types -> `anyOf`. */
function singleType(node: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(node.anyOf)) {
    // zod writes `.nullable()` as anyOf [X, {type: null}]: the same idea, said the portable way.
    const others = node.anyOf.filter((branch) => (branch as { type?: unknown }).type !== 'null');
    if (others.length < node.anyOf.length) {
      const { anyOf: _anyOf, ...rest } = node;
      const base = others.length === 1 ? { ...(others[0] as object), ...rest } : { ...rest, anyOf: others };
      return { ...base, nullable: true };
    }
  }
  if (!Array.isArray(node.type)) return node;
  const types = node.type.filter((t) => t !== 'null');
  const nullable = types.length < node.type.length;
  const { type: _type, ...rest } = node;
  if (types.length === 1) return { type: types[0], ...rest, ...(nullable ? { nullable: true } : {}) };
  return { ...rest, anyOf: types.map((t) => ({ type: t })), ...(nullable ? { nullable: true } : {}) };
}
