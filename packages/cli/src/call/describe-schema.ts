interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/**
 * One line per property of an object schema: `city: string (required) · City name`. What a
 * person needs to write `--args`; `--json` has the full schema.
 */
export function describeObjectSchema(schema: unknown): string[] {
  const object = schema as JsonSchema | undefined;
  const properties = Object.entries(object?.properties ?? {});
  if (properties.length === 0) return ['(no arguments)'];
  const required = new Set(object?.required ?? []);
  return properties.map(([name, property]) => {
    const facts = [
      required.has(name) ? 'required' : undefined,
      property.default !== undefined ? `default ${JSON.stringify(property.default)}` : undefined,
    ].filter(Boolean);
    const head = `${name}: ${typeOf(property)}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
    return property.description ? `${head} · ${property.description}` : head;
  });
}

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeOf).join(' | ');
  if (schema.type === 'array') return `${schema.items ? typeOf(schema.items) : 'unknown'}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  return schema.type ?? 'any';
}
