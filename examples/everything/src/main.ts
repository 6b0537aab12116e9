import { serve } from 'lambda-mcp/node';
import { server } from './server.ts';

const running = await serve(server, { port: Number(process.env.PORT ?? 3000) });
console.log(`everything MCP server on ${running.url}`);
