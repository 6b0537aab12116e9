/** SDK 2.x on Lambda: `createMcpHandler(...).fetch` inside Hono's `handle()`. */
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { fetchHandler } from '../../servers/sdk-v2.ts';

const app = new Hono();
app.post('/mcp', (c) => fetchHandler(c.req.raw));

export const handler = handle(app);
