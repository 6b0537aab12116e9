/** The baseline: the benchmark server behind `createHandler`, logs and metrics off, no auth. Also (a): an API Gateway authorizer's context arrives in the event and needs nothing in-process. */
import { silentLogger } from 'lambda-mcp';
import { createHandler } from 'lambda-mcp/lambda';
import { createBenchServer } from '../../servers/lambda-mcp-json-server.ts';

export const handler = createHandler(createBenchServer(silentLogger), { metrics: false });
