/** lambda-mcp with zod v4 inputs (Standard Schema), served through the web-standard fetch adapter. */
import { toFetchHandler } from 'lambda-mcp/fetch';
import { createZodBenchServer } from './lambda-mcp-zod-server.ts';

export const fetchHandler = toFetchHandler(createZodBenchServer());
