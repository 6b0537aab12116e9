/**
 * The official SDK 2.x: `createMcpHandler` builds a fresh McpServer per request from the
 * factory (its stateless serving for 2026-07-28).
 */
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';

function buildServer(): McpServer {
  const server = new McpServer({ name: 'bench/sdk-v2', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Returns the text it is given.', inputSchema: z.object({ text: z.string() }) },
    ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  server.registerTool(
    'add',
    {
      description: 'Adds two numbers and returns the sum as text.',
      inputSchema: z.object({ a: z.number(), b: z.number() }),
    },
    ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }),
  );
  return server;
}

// The default 'auto' response mode answers a plain JSON body when the tool emits no notifications.
const handler = createMcpHandler(buildServer);

export const fetchHandler = (request: Request): Promise<Response> => handler.fetch(request);
