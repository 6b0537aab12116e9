/** SDK 1.x on Lambda the documented way: its web-standard stateless handler inside Hono's `handle()`. */
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { fetchHandler } from '../../servers/sdk-v1.ts';

const app = new Hono();
app.post('/mcp', (c) => fetchHandler(c.req.raw));

export const handler = handle(app);
