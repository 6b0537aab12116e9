export { createInProcessFetch, type InProcessFetch } from './in-process-fetch.ts';
export { type HttpApiRequest, httpApiEvent, lambdaContext } from './lambda-events.ts';
export { type McpHttpRequest, mcpRequest } from './mcp-request.ts';
export {
  type LambdaHttpServer,
  type ServeLambdaOptions,
  serveLambdaHandler,
} from './serve-lambda-handler.ts';
export { startTestServer, type TestServer } from './test-server.ts';
