import { createServer } from 'lambda-mcp';
import { createHandler } from 'lambda-mcp/lambda';
import * as z from 'zod';

/** The smallest real MCP server, bundled by `lambda-mcp build` for the construct tests. */
const server = createServer({ name: 'echo', version: '1.0.0' });
server.tool(
  'echo',
  { description: 'Echoes its input', input: z.object({ text: z.string() }) },
  ({ text }) => ({
    content: [{ type: 'text', text }],
  }),
);

export const handler = createHandler(server);
