/** fastmcp 4.20 `EdgeFastMCP` (its stateless web build) on Lambda: its `fetch` inside Hono's `handle()`. */
import { EdgeFastMCP } from 'fastmcp/edge';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import * as z from 'zod';

const server = new EdgeFastMCP({ name: 'bench/fastmcp-edge', version: '1.0.0' });
server.addTool({
  name: 'echo',
  description: 'Returns the text it is given.',
  parameters: z.object({ text: z.string() }),
  execute: async ({ text }) => text,
});
server.addTool({
  name: 'add',
  description: 'Adds two numbers and returns the sum as text.',
  parameters: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => String(a + b),
});

const app = new Hono();
app.post('/mcp', (c) => server.fetch(c.req.raw));

export const handler = handle(app);
