/** The two benchmark tools on lambda-mcp with zod v4 inputs (Standard Schema), shared by the fetch and Lambda contenders. */
import { createServer, type McpServer } from 'lambda-mcp';
import * as z from 'zod';

export function createZodBenchServer(): McpServer {
  const server = createServer({ name: 'bench/lambda-mcp-zod', version: '1.0.0' });
  server.tool(
    'echo',
    { description: 'Returns the text it is given.', input: z.object({ text: z.string() }) },
    ({ text }) => text,
  );
  server.tool(
    'add',
    {
      description: 'Adds two numbers and returns the sum as text.',
      input: z.object({ a: z.number(), b: z.number() }),
    },
    ({ a, b }) => String(a + b),
  );
  return server;
}
