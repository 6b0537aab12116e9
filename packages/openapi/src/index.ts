// @lambda-mcp/openapi: an OpenAPI 3.0 / 3.1 document as stateless MCP tools that call the
// REST API with the caller's credential. Depends on lambda-mcp; the core stays dependency-free.
export type { OperationCall, UpstreamOptions } from './call-operation.ts';
export {
  type ConvertedApi,
  type ConvertOptions,
  convertDocument,
  type OperationTool,
} from './convert-document.ts';
export type { CredentialSource } from './credential-source.ts';
export { bundleOpenApiDocument, type LoadOptions, loadOpenApiDocument } from './load-document.ts';
export { OpenApiError } from './openapi-error.ts';
export {
  addOpenApiTools,
  createOpenApiServer,
  DEFAULT_DISCOVERY_THRESHOLD,
  type OpenApiServerOptions,
  type OpenApiToolsOptions,
} from './openapi-server.ts';
export type { SecuritySchemeObject } from './openapi-types.ts';
export type { OperationFilter, OperationOverride, SelectionOptions } from './operation-selection.ts';
export type { DiscoveryNames } from './register-discovery-tools.ts';
export type { JsonSchema } from './schema-converter.ts';
