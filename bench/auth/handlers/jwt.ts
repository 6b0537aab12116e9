/**
 * (c) JWT bearer tokens verified in-process against the issuer's JWKS. `auth` is exported so
 * the probe can run `auth.verify.prepare()` (what a handler does at init with top-level
 * await) and time the JWKS fetch apart.
 */
import { silentLogger } from 'lambda-mcp';
import { oauthResourceServer } from 'lambda-mcp/auth';
import { createHandler } from 'lambda-mcp/lambda';
import { createBenchServer } from '../../servers/lambda-mcp-json-server.ts';

export const auth = oauthResourceServer({
  issuer: process.env.BENCH_ISSUER ?? 'http://127.0.0.1:1',
  resource: process.env.BENCH_RESOURCE ?? 'https://mcp.example.com/mcp',
});
export const handler = createHandler(createBenchServer(silentLogger), { metrics: false, auth });
