/**
 * The official SDK 2.x: `createMcpHandler` builds a fresh McpServer per request from the
 * factory (its stateless serving for 2026-07-28).
 */
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { registerBenchTools } from './sdk-v2-tools.ts';

function buildServer(): McpServer {
  const server = new McpServer({ name: 'bench/sdk-v2', version: '1.0.0' });
  registerBenchTools(server);
  return server;
}

// The default 'auto' response mode answers a plain JSON body when the tool emits no notifications.
const handler = createMcpHandler(buildServer);

export const fetchHandler = (request: Request): Promise<Response> => handler.fetch(request);
