// lambda-mcp/testing/servers: servers that listen on loopback sockets, for tests that drive
// a server or a Lambda handler over real HTTP (these load node:http).
export {
  type LambdaHttpServer,
  type ServeLambdaOptions,
  serveLambdaHandler,
} from './serve-lambda-handler.ts';
export { startTestServer, type TestServer } from './test-server.ts';
