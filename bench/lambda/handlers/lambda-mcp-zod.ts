/** lambda-mcp on Lambda with the same tools declared with zod v4: what the schema library costs a cold start. */
import { createHandler } from 'lambda-mcp/lambda';
import { createZodBenchServer } from '../../servers/lambda-mcp-zod-server.ts';

export const handler = createHandler(createZodBenchServer());
