/** lambda-mcp on Lambda with its built-in request logs and EMF metrics turned off: the cost of observation, isolated. */
import { silentLogger } from 'lambda-mcp';
import { createHandler } from 'lambda-mcp/lambda';
import { createBenchServer } from '../../servers/lambda-mcp-json-server.ts';

export const handler = createHandler(createBenchServer(silentLogger), { metrics: false });
