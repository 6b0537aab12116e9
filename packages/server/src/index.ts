export type { EventStream, Exchange, Reply } from './http/exchange.ts';
export { createExchangeHandler, type ExchangeHandler } from './http/handle-exchange.ts';
export type { HttpOptions } from './http/http-options.ts';
export { createJsonLogger, type Logger, silentLogger } from './log/logger.ts';
export { ErrorCode, ProtocolError } from './protocol/errors.ts';
export { LEGACY_VERSIONS, MODERN_VERSION, SUPPORTED_VERSIONS } from './protocol/versions.ts';
export type * from './protocol/wire-types.ts';
export type { SchemaLike } from './schema/schema.ts';
export type { StandardSchemaV1 } from './schema/standard-schema.ts';
export type { AuthInfo } from './server/auth-info.ts';
export type { CacheHint, CacheSettings } from './server/cache-hint.ts';
export type { Platform, RequestContext } from './server/context.ts';
export {
  createServer,
  type McpServer,
  type ServerDefinition,
  type ServerOptions,
} from './server/create-server.ts';
export type { ElicitParams, ElicitResult, InputRequest } from './server/input-required.ts';
export { disposeAll, type Lifespan, lifespan } from './server/lifespan.ts';
export type { PromptArgument, PromptConfig, PromptReturn } from './server/prompt.ts';
export type {
  CompletionSource,
  ResourceListing,
  ResourceMeta,
  ResourceReturn,
  ResourceTemplateOptions,
} from './server/resource.ts';
export { TOOL_ERROR_META_KEY, type ToolConfig, type ToolHandler, type ToolInput } from './server/tool.ts';
export { ToolError } from './server/tool-error.ts';
