/** lambda-mcp with zod v4 inputs (Standard Schema), served through the web-standard fetch adapter. */
import { createServer } from 'lambda-mcp';
import { toFetchHandler } from 'lambda-mcp/fetch';
import * as z from 'zod';

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

export const fetchHandler = toFetchHandler(server);
