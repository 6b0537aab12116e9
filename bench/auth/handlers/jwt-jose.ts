/** (c) as `jwt.ts`, with signatures checked by jose (WebCrypto), the path of hosts without node:crypto. */
import { silentLogger } from 'lambda-mcp';
import { oauthResourceServer } from 'lambda-mcp/auth';
import { createHandler } from 'lambda-mcp/lambda';
import { createBenchServer } from '../../servers/lambda-mcp-json-server.ts';

export const auth = oauthResourceServer({
  issuer: process.env.BENCH_ISSUER ?? 'http://127.0.0.1:1',
  resource: process.env.BENCH_RESOURCE ?? 'https://mcp.example.com/mcp',
  verifyWith: 'jose',
});
export const handler = createHandler(createBenchServer(silentLogger), { metrics: false, auth });
