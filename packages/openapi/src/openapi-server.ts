import { createServer, type McpServer, type ServerOptions } from 'lambda-mcp';
import { type OperationCall, operationCaller, type UpstreamOptions } from './call-operation.ts';
import { type ConvertedApi, type ConvertOptions, convertDocument } from './convert-document.ts';
import { type LoadOptions, loadOpenApiDocument } from './load-document.ts';
import { type DiscoveryNames, registerDiscoveryTools } from './register-discovery-tools.ts';
import { registerOperationTools } from './register-operation-tools.ts';

/** Past this many operations a model is better served by searching than by a list. */
export const DEFAULT_DISCOVERY_THRESHOLD = 80;

export interface OpenApiToolsOptions extends UpstreamOptions {
  /**
   * `tools`: one tool per operation; `discovery`: search / describe / call tools;
   * `auto` (default): discovery past `discoveryThreshold` operations.
   */
  mode?: 'tools' | 'discovery' | 'auto';
  discoveryThreshold?: number;
  discoveryNames?: DiscoveryNames;
}

/**
 * Registers the converted API's operations on a server: one tool each, or the discovery
 * tools past the threshold. Returns the mode used.
 */
export function addOpenApiTools(
  server: McpServer,
  api: ConvertedApi,
  options: OpenApiToolsOptions,
): 'tools' | 'discovery' {
  const call: OperationCall = operationCaller(api, options);
  const threshold = options.discoveryThreshold ?? DEFAULT_DISCOVERY_THRESHOLD;
  const mode = options.mode ?? 'auto';
  if (mode === 'discovery' || (mode === 'auto' && api.tools.length > threshold)) {
    registerDiscoveryTools(server, api.title, api.tools, call, options.discoveryNames);
    return 'discovery';
  }
  registerOperationTools(server, api.tools, call);
  return 'tools';
}

export interface OpenApiServerOptions extends OpenApiToolsOptions, ConvertOptions, LoadOptions {
  /** Server options; `name` and `version` default to the document's title and version. */
  server?: Partial<ServerOptions>;
}

/**
 * Loads an OpenAPI 3.0 / 3.1 document (text or parsed object), converts it and returns a
 * server whose tools call the API. Serve it with any adapter (`lambda-mcp/lambda`, ...).
 *
 * @example
 * const { server } = await createOpenApiServer(spec, { baseUrl: 'https://api.example.com' });
 * export const handler = createHandler(server);
 */
export async function createOpenApiServer(
  source: string | object,
  options: OpenApiServerOptions,
): Promise<{ server: McpServer; api: ConvertedApi; mode: 'tools' | 'discovery' }> {
  const document = await loadOpenApiDocument(source, options);
  const api = convertDocument(document, options);
  const server = createServer({
    name: api.title,
    version: api.version,
    ...(api.description === undefined ? {} : { description: api.description }),
    ...options.server,
  } as ServerOptions);
  const mode = addOpenApiTools(server, api, options);
  return { server, api, mode };
}
