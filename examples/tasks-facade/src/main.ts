import type { ConvertedApi } from '@lambda-mcp/openapi';
import { serve } from 'lambda-mcp/node';
import tools from '../tools.json' with { type: 'json' };
import { createTasksFacade } from './facade.ts';

// Local run: `npm start -w examples/tasks-facade` beside `npm run rest -w examples/tasks`.
// The caller's key travels in x-api-key; here no authorizer checks it first, the REST API does.
const upstream = process.env.TASKS_API_URL ?? 'http://127.0.0.1:3100';
const server = createTasksFacade(tools as ConvertedApi, {
  upstream,
  credentials: [{ from: 'header', name: 'x-api-key' }],
});
const running = await serve(server, { port: Number(process.env.PORT ?? 3200) });
console.log(`Tasks façade on ${running.url}, calling ${upstream}. Send your tasks API key in x-api-key.`);
