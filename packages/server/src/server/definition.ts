import type { Logger } from '../log/logger.ts';
import type { RequestStateSigner } from '../protocol/request-state.ts';
import type { Implementation } from '../protocol/wire-types.ts';
import type { CacheHint } from './cache-hint.ts';
import type { PromptDefinition } from './prompt.ts';
import type { StaticResource, TemplateResource } from './resource.ts';
import type { ToolDefinition } from './tool.ts';

/** The definition, fixed at the first request: what dispatch and the HTTP layer read. */
export interface ServerDefinition {
  readonly info: Implementation;
  readonly instructions: string | undefined;
  readonly capabilities: Record<string, Record<string, unknown>>;
  readonly tools: ReadonlyMap<string, ToolDefinition>;
  /** The tools in registration order, for listing without a copy per request. */
  readonly toolList: readonly ToolDefinition[];
  readonly resources: ReadonlyMap<string, StaticResource>;
  readonly templates: readonly TemplateResource[];
  readonly prompts: ReadonlyMap<string, PromptDefinition>;
  readonly cache: {
    /** The hint of each cacheable list method, by method. */
    readonly lists: Readonly<Record<string, CacheHint>>;
    readonly reads: CacheHint;
  };
  readonly pageSize: number;
  /** Whether list results leave out what the caller may not use (and any rule exists to check). */
  readonly filtersLists: boolean;
  readonly signer: RequestStateSigner;
  readonly logger: Logger;
  readonly configSchema: Record<string, unknown> | undefined;
}

/** Where a server keeps its definition: not part of the public `McpServer` type. */
export const DEFINITION = Symbol('lambda-mcp.definition');

/** The frozen definition of a server made by `createServer`. */
export function definitionOf(server: object): ServerDefinition {
  return definitionGetter(server)();
}

/**
 * Throws unless `server` was made by `createServer`, without freezing its definition (tools
 * may still be registered): adapters check what they are given when they are made, not on
 * the first request, where a wrong argument would end in an unhandled rejection.
 */
export function assertServer(server: unknown): void {
  if (typeof server === 'object' && server !== null) {
    definitionGetter(server);
    return;
  }
  const got =
    typeof server === 'function' ? 'a function (a handler? pass the server itself)' : String(server);
  throw new TypeError(`Expected a server made by createServer() from lambda-mcp, got ${got}`);
}

function definitionGetter(server: object): () => ServerDefinition {
  const get = (server as { [DEFINITION]?: () => ServerDefinition })[DEFINITION];
  if (typeof get !== 'function') {
    throw new TypeError('Expected a server made by createServer() from lambda-mcp');
  }
  return get;
}
