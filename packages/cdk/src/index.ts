export { invokeTarget, type McpFunctionLike } from './function-target.ts';
export type { McpAuthorizerOptions } from './mcp-authorizer-options.ts';
export { McpFunction, type McpFunctionProps, type ProvisionedConcurrencyOptions } from './mcp-function.ts';
export { McpFunctionUrl, type McpFunctionUrlProps } from './mcp-function-url.ts';
export { McpHttpApi, type McpHttpApiProps } from './mcp-http-api.ts';
export { McpMonitoring, type McpMonitoringProps } from './mcp-monitoring.ts';
export { McpRestApi, type McpRestApiProps } from './mcp-rest-api.ts';
export {
  apiKeyChallenge,
  DEFAULT_KEY_HEADER,
  DEFAULT_MCP_PATH,
  type McpRoute,
  mcpRoutes,
} from './mcp-routes.ts';
export { McpStateSecret } from './mcp-state-secret.ts';
export { McpTables, type McpTablesProps } from './mcp-tables.ts';
export { DEFAULT_THROTTLE, type McpThrottle } from './throttle.ts';
