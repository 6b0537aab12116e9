/**
 * The official SDK 1.x in its documented stateless mode: a new McpServer and
 * WebStandardStreamableHTTPServerTransport (sessionIdGenerator undefined, JSON responses)
 * for every request, so nothing is shared between requests.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import * as z from 'zod';

function buildServer(): McpServer {
  const server = new McpServer({ name: 'bench/sdk-v1', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Returns the text it is given.', inputSchema: { text: z.string() } },
    ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  server.registerTool(
    'add',
    {
      description: 'Adds two numbers and returns the sum as text.',
      inputSchema: { a: z.number(), b: z.number() },
    },
    ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }),
  );
  return server;
}

export async function fetchHandler(request: Request): Promise<Response> {
  const server = buildServer();
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    // With JSON responses the body is complete once handleRequest resolves.
    await server.close();
  }
}
