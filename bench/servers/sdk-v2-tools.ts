import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';

/** The benchmark's two tools on an SDK 2.x server (mcp-handler builds on the same class). */
export function registerBenchTools(server: McpServer): void {
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
}
