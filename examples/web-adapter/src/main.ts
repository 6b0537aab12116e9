import { serve } from 'lambda-mcp/node';
import { listenAddress } from './listen-address.ts';
import { server } from './server.ts';

// Lambda Web Adapter polls /health (AWS_LWA_READINESS_CHECK_PATH) until this answers,
// then forwards each Function URL request to http://127.0.0.1:<port>/mcp.
const { port, host } = listenAddress(process.env);
const running = await serve(server, { port, host });
console.log(`weather MCP server on ${running.url}`);
