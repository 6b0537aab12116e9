/** Vercel's mcp-handler 2.4 (on the official SDK 2.x server) on Lambda: its web handler inside Hono's `handle()`. */
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { createMcpHandler } from 'mcp-handler';
import * as z from 'zod';

const mcp = createMcpHandler((server) => {
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
});

const app = new Hono();
app.post('/mcp', (c) => mcp(c.req.raw));

export const handler = handle(app);
