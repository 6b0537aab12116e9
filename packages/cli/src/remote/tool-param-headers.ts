import type { JsonObject } from './json-rpc.ts';
import { encodeHeaderValue } from './modern-revision.ts';

interface ParamHeader {
  header: string;
  path: string[];
}

/**
 * 2026-07-28 clients must mirror tool arguments marked `x-mcp-header` into `Mcp-Param-*`
 * headers. A stdio client cannot, so the proxy remembers each tool's marked arguments from the
 * `tools/list` results it relays, and adds the headers to `tools/call` itself.
 */
export class ToolParamHeaders {
  readonly #tools = new Map<string, ParamHeader[]>();

  /** Whether the tool's schema was seen (else the caller lists the tools first). */
  knows(tool: string): boolean {
    return this.#tools.has(tool);
  }

  /** Learns the tools of one `tools/list` page. */
  remember(result: JsonObject | undefined): void {
    const tools = result?.tools;
    if (!Array.isArray(tools)) return;
    for (const tool of tools as ({ name?: unknown; inputSchema?: unknown } | null)[]) {
      // A malformed entry (null, a string) names no tool to remember.
      if (typeof tool?.name !== 'string') continue;
      this.#tools.set(tool.name, findParamHeaders(tool.inputSchema, []));
    }
  }

  /** The `Mcp-Param-*` headers for a call of `tool` with `args`. */
  headersFor(tool: string, args: unknown): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const param of this.#tools.get(tool) ?? []) {
      let value: unknown = args;
      for (const key of param.path) value = (value as JsonObject | undefined)?.[key];
      if (value === undefined || value === null || typeof value === 'object') continue;
      headers[`mcp-param-${param.header}`] = encodeHeaderValue(String(value));
    }
    return headers;
  }
}

/** Marked properties reachable from the root through `properties` only, as the spec limits them. */
function findParamHeaders(schema: unknown, path: string[]): ParamHeader[] {
  const properties = (schema as { properties?: unknown } | undefined)?.properties;
  if (typeof properties !== 'object' || properties === null) return [];
  const found: ParamHeader[] = [];
  for (const [key, child] of Object.entries(properties as Record<string, unknown>)) {
    if (typeof child !== 'object' || child === null) continue;
    const header = (child as { 'x-mcp-header'?: unknown })['x-mcp-header'];
    if (typeof header === 'string') found.push({ header: header.toLowerCase(), path: [...path, key] });
    found.push(...findParamHeaders(child, [...path, key]));
  }
  return found;
}
