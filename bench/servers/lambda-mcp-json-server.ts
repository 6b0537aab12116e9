/** The two benchmark tools on lambda-mcp with plain JSON Schema inputs, shared by the fetch and Lambda contenders. */
import { createServer, type Logger, type McpServer } from 'lambda-mcp';

/** The benchmark server; `logger` replaces the default JSON lines (the quiet contender passes a silent one). */
export function createBenchServer(logger?: Logger): McpServer {
  const server = createServer({
    name: 'bench/lambda-mcp-json',
    version: '1.0.0',
    ...(logger ? { logger } : {}),
  });
  defineTools(server);
  return server;
}

function defineTools(server: McpServer): void {
  server.tool(
    'echo',
    {
      description: 'Returns the text it is given.',
      input: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    },
    (input) => String(input.text),
  );

  server.tool(
    'add',
    {
      description: 'Adds two numbers and returns the sum as text.',
      input: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      },
    },
    (input) => String(Number(input.a) + Number(input.b)),
  );
}
