import type { HttpMethod } from './openapi-types.ts';

/**
 * Generated names follow the strictest rule a model API puts on tool names: Claude's and
 * OpenAI's `^[a-zA-Z0-9_-]{1,64}$`, which refuse the whole request when one listed tool breaks
 * it. MCP allows more (SEP-986: 128 characters, dots too), so GitHub's longer operationIds
 * and Google-style `users.messages.list` would pass MCP and fail at the model.
 */
const MAX_NAME = 64;
/** A cut name keeps this much of the start, then `_` and 8 hex digits of the whole name. */
const KEPT = MAX_NAME - 9;

/** A valid tool name for an operation: its operationId, else (or when none of it is valid) method and path (`get_pets_petId`). */
export function baseToolName(operationId: string | undefined, method: HttpMethod, path: string): string {
  // An operationId with nothing a name can keep (ユーザー一覧取得) says less than the path.
  const name =
    (operationId === undefined ? '' : valid(operationId)) || valid(`${method}_${path.replace(/[{}]/g, '')}`);
  if (name === '') return method;
  // A hash of the whole name, not a counter: two long names alike at the start stay apart, and
  // the same operation keeps its name whatever else the document holds.
  return name.length <= MAX_NAME ? name : `${name.slice(0, KEPT)}_${fnv1a(name)}`;
}

function valid(source: string): string {
  return source
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
}

/** FNV-1a, 32 bits, as 8 hex digits: short, stable across runs and platforms, no dependency. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
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
