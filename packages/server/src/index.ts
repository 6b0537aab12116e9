// lambda-mcp: define a stateless MCP server. Serve it with lambda-mcp/lambda, lambda-mcp/node
// or lambda-mcp/fetch; write a new adapter with lambda-mcp/http.
export type { LogLevel } from './config/environment.ts';
export type { HttpOptions } from './http/http-options.ts';
export {
  createJsonLogger,
  type JsonLoggerOptions,
  type Logger,
  type PowertoolsLoggerLike,
  silentLogger,
} from './log/logger.ts';
export { REDACTED, redact } from './log/redact.ts';
export { ErrorCode, ProtocolError } from './protocol/errors.ts';
export type { SigningKey, SigningKeySource, SigningKeys } from './protocol/request-state.ts';
export { LEGACY_VERSIONS, MODERN_VERSION, MODERN_VERSIONS, SUPPORTED_VERSIONS } from './protocol/versions.ts';
export type * from './protocol/wire-types.ts';
export type { FromJsonSchema } from './schema/json-schema-type.ts';
export { portableSchema } from './schema/portable-schema.ts';
export type { SchemaLike } from './schema/schema.ts';
export type { StandardSchemaV1 } from './schema/standard-schema.ts';
export type { AccessRule } from './server/access.ts';
export type { AuthInfo } from './server/auth-info.ts';
export type { CacheHint, CacheSettings } from './server/cache-hint.ts';
export type { RequestContext } from './server/context.ts';
export { createServer, type McpServer, type ServerOptions } from './server/create-server.ts';
export { credentialOf, type Identity } from './server/credential.ts';
export type { ElicitParams, ElicitResult, InputRequest } from './server/input-required.ts';
export { disposeAll, type Lifespan, lifespan } from './server/lifespan.ts';
export type {
  FetchPlatform,
  LambdaContextLike,
  LambdaPlatform,
  NodePlatform,
  OtherPlatform,
  Platform,
} from './server/platform.ts';
export type { PromptArgument, PromptConfig, PromptReturn } from './server/prompt.ts';
export type {
  CompletionSource,
  ListReturn,
  ResourceListing,
  ResourceMeta,
  ResourceReturn,
  ResourceTemplateOptions,
} from './server/resource.ts';
export { TOOL_ERROR_META_KEY, type ToolConfig, type ToolHandler, type ToolInput } from './server/tool.ts';
export { ToolError } from './server/tool-error.ts';
