/** lambda-mcp with plain JSON Schema inputs, served through the web-standard fetch adapter. */
import { toFetchHandler } from 'lambda-mcp/fetch';
import { createBenchServer } from './lambda-mcp-json-server.ts';

export const fetchHandler = toFetchHandler(createBenchServer());
