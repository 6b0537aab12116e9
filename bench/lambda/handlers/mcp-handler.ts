/** Vercel's mcp-handler 2.4 (on the official SDK 2.x server) on Lambda: its web handler inside Hono's `handle()`. */
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { createMcpHandler } from 'mcp-handler';
import { registerBenchTools } from '../../servers/sdk-v2-tools.ts';

const mcp = createMcpHandler(registerBenchTools);

const app = new Hono();
app.post('/mcp', (c) => mcp(c.req.raw));

export const handler = handle(app);
