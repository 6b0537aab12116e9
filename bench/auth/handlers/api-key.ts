/** (b) In-process API-key verification against the memory store, seeded with the bench key's record (never the key). */
import { silentLogger } from 'lambda-mcp';
import { type ApiKeyRecord, apiKeyAuth, memoryKeyStore } from 'lambda-mcp/auth';
import { createHandler } from 'lambda-mcp/lambda';
import { createBenchServer } from '../../servers/lambda-mcp-json-server.ts';

const store = memoryKeyStore(JSON.parse(process.env.BENCH_KEY_RECORDS ?? '[]') as ApiKeyRecord[]);
export const handler = createHandler(createBenchServer(silentLogger), {
  metrics: false,
  auth: apiKeyAuth({ store }),
});
