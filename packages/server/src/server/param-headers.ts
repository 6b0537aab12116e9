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
