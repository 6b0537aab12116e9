/** lambda-mcp on Lambda: JSON Schema tools behind `createHandler`, the configuration the budget is for. */
import { createHandler } from 'lambda-mcp/lambda';
import { createBenchServer } from '../../servers/lambda-mcp-json-server.ts';

export const handler = createHandler(createBenchServer());
