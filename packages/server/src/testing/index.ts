// lambda-mcp/testing: pure builders of requests and Lambda events, and an in-process fetch.
// Servers on real sockets are in lambda-mcp/testing/servers.
export { createInProcessFetch, type InProcessFetch } from './in-process-fetch.ts';
export {
  type AlbMultiValueEvent,
  type AlbSingleValueEvent,
  albEvent,
  type EventRequest,
  functionUrlEvent,
  type HttpApiRequest,
  httpApiEvent,
  lambdaContext,
  type RestApiRequest,
  restApiEvent,
} from './lambda-events.ts';
export { type McpHttpRequest, mcpRequest } from './mcp-request.ts';
