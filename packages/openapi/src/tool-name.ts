import type { HttpMethod } from './openapi-types.ts';

/** MCP tool names (SEP-986): 1-128 characters of A-Z a-z 0-9 _ - . */
const MAX_NAME = 128;

/** A valid MCP tool name for an operation: its operationId, else method and path (`get_pets_petId`). */
export function baseToolName(operationId: string | undefined, method: HttpMethod, path: string): string {
  const source = operationId ?? `${method}_${path.replace(/[{}]/g, '')}`;
  const name = source
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  return (name || method).slice(0, MAX_NAME);
}

/**
 * Hands out names in document order: a name already taken gets `_2`, `_3`... so two
 * conversions of the same document always agree (a model's saved tool name keeps working).
 */
export class ToolNames {
  readonly #taken = new Set<string>();

  claim(name: string): string {
    let candidate = name;
    for (let n = 2; this.#taken.has(candidate); n += 1) {
      const suffix = `_${n}`;
      candidate = `${name.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    }
    this.#taken.add(candidate);
    return candidate;
  }
}

/** Whether `name` is a valid MCP tool name, for names given in configuration or `x-mcp`. */
export function isValidToolName(name: string): boolean {
  return /^[A-Za-z0-9_.-]{1,128}$/.test(name);
}
