/** A tool parameter mirrored into an `Mcp-Param-{name}` header (`x-mcp-header` in its schema). */
export interface ParamHeader {
  header: string;
  path: readonly string[];
  type: string | undefined;
}

/** Finds `x-mcp-header` annotations reachable from the schema root through `properties` only. */
export function findParamHeaders(schema: Record<string, unknown>, path: string[] = []): ParamHeader[] {
  const found: ParamHeader[] = [];
  const properties = schema.properties;
  if (typeof properties !== 'object' || properties === null) return found;
  for (const [key, child] of Object.entries(properties as Record<string, Record<string, unknown>>)) {
    if (typeof child !== 'object' || child === null) continue;
    const header = child['x-mcp-header'];
    if (typeof header === 'string') {
      found.push({
        header: header.toLowerCase(),
        path: [...path, key],
        type: child.type as string | undefined,
      });
    }
    found.push(...findParamHeaders(child, [...path, key]));
  }
  return found;
}

/** RFC 9110 `token`: what a header name is made of. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_TYPES = new Set(['string', 'integer', 'boolean']);
/** Keywords whose subschemas are not reached through `properties` alone: no annotation belongs there. */
const UNREACHABLE = [
  'items',
  'prefixItems',
  'contains',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  'patternProperties',
  'dependentSchemas',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'if',
  'then',
  'else',
  '$defs',
  'definitions',
] as const;
const NAMED_SUBSCHEMAS = new Set(['patternProperties', 'dependentSchemas', '$defs', 'definitions']);

/**
 * Why a conforming 2026-07-28 client would drop a tool with this input schema from
 * `tools/list` (SEP-2243: an `x-mcp-header` that is not a token, on a property that is not a
 * string, integer or boolean, not reached through `properties` alone, or not unique
 * ignoring case), or undefined when its annotations are valid.
 */
export function paramHeaderProblem(schema: Record<string, unknown>): string | undefined {
  const seen = new Map<string, string>();
  const visit = (node: unknown, path: string[], reachable: boolean): string | undefined => {
    if (typeof node !== 'object' || node === null) return undefined;
    const s = node as Record<string, unknown>;
    const where = path.join('.') || '(root)';
    if (Object.hasOwn(s, 'x-mcp-header')) {
      const header = s['x-mcp-header'];
      if (!reachable || path.length === 0) {
        return `${where}: x-mcp-header is allowed only on properties reached through properties alone (not items, anyOf/oneOf/allOf, not, if/then/else, $defs or additionalProperties)`;
      }
      if (typeof header !== 'string' || header === '')
        return `${where}: x-mcp-header must be a non-empty string`;
      if (!TOKEN.test(header)) {
        return `${where}: x-mcp-header '${header}' is not an HTTP token (letters, digits and !#$%&'*+-.^_\`|~)`;
      }
      if (typeof s.type !== 'string' || !HEADER_TYPES.has(s.type)) {
        const type =
          typeof s.type === 'string' ? s.type : s.type === undefined ? 'untyped' : JSON.stringify(s.type);
        return `${where}: x-mcp-header needs a string, integer or boolean property, not ${type}`;
      }
      const earlier = seen.get(header.toLowerCase());
      if (earlier !== undefined) {
        return `${where}: x-mcp-header '${header}' is already used by ${earlier} (header names are case-insensitive)`;
      }
      seen.set(header.toLowerCase(), where);
    }
    if (typeof s.properties === 'object' && s.properties !== null) {
      for (const [key, child] of Object.entries(s.properties)) {
        const problem = visit(child, [...path, key], reachable);
        if (problem) return problem;
      }
    }
    for (const keyword of UNREACHABLE) {
      const value = s[keyword];
      if (typeof value !== 'object' || value === null) continue;
      const parts: [string, unknown][] = Array.isArray(value)
        ? value.map((part, i) => [`${keyword}.${i}`, part])
        : NAMED_SUBSCHEMAS.has(keyword)
          ? Object.entries(value).map(([name, part]) => [`${keyword}.${name}`, part])
          : [[keyword, value]];
      for (const [step, part] of parts) {
        const problem = visit(part, [...path, step], false);
        if (problem) return problem;
      }
    }
    return undefined;
  };
  return visit(schema, [], true);
}
