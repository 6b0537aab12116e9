import { OpenApiError } from './openapi-error.ts';
import type { HttpMethod, OperationObject } from './openapi-types.ts';
import { isValidToolName } from './tool-name.ts';

/** Operations to match: any listed tag, path (exact, `prefix*`, or RegExp), method or operationId. */
export interface OperationFilter {
  tags?: readonly string[];
  paths?: readonly (string | RegExp)[];
  methods?: readonly string[];
  operationIds?: readonly string[];
}

/** Per-operation changes, from configuration or the operation's `x-mcp` extension. */
export interface OperationOverride {
  name?: string;
  description?: string;
  hidden?: boolean;
}

export interface SelectionOptions {
  /** Only operations matching this filter become tools (default: all). */
  include?: OperationFilter;
  /** Operations matching this filter do not become tools; wins over `include`. */
  exclude?: OperationFilter;
  /** Keyed by operationId or `METHOD /path` (`GET /pets/{id}`); wins over `x-mcp`. */
  overrides?: Readonly<Record<string, OperationOverride>>;
}

interface Candidate {
  method: HttpMethod;
  path: string;
  operation: OperationObject;
}

function matches(filter: OperationFilter, { method, path, operation }: Candidate): boolean {
  if (filter.tags?.some((tag) => operation.tags?.includes(tag))) return true;
  if (filter.methods?.some((m) => m.toLowerCase() === method)) return true;
  if (operation.operationId !== undefined && filter.operationIds?.includes(operation.operationId))
    return true;
  return (
    filter.paths?.some((p) =>
      p instanceof RegExp ? p.test(path) : p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : p === path,
    ) ?? false
  );
}

/** Whether the operation becomes a tool under the include/exclude filters. */
export function isSelected(options: SelectionOptions, candidate: Candidate): boolean {
  if (options.include && !matches(options.include, candidate)) return false;
  return !(options.exclude && matches(options.exclude, candidate));
}

/** The override for an operation: configuration over the document's `x-mcp` (`false` hides). */
export function overrideFor(options: SelectionOptions, candidate: Candidate): OperationOverride {
  const { method, path, operation } = candidate;
  const where = `${method.toUpperCase()} ${path}`;
  const extension = operation['x-mcp'];
  const fromDocument: OperationOverride =
    extension === false
      ? { hidden: true }
      : typeof extension === 'object' && extension !== null
        ? extension
        : {};
  const configured =
    (operation.operationId === undefined ? undefined : options.overrides?.[operation.operationId]) ??
    options.overrides?.[where] ??
    {};
  const merged = { ...fromDocument, ...configured };
  if (merged.name !== undefined && !isValidToolName(merged.name)) {
    throw new OpenApiError(
      `The tool name "${merged.name}" given for ${where} is not a valid MCP tool name: use 1-128 characters of A-Z, a-z, 0-9, _, - and .`,
    );
  }
  return merged;
}
