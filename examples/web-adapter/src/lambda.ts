import { createStreamingHandler } from 'lambda-mcp/lambda';
import { server } from './server.ts';

/**
 * The native alternative to the web adapter: the same server as a Lambda handler, for a
 * Function URL with InvokeMode RESPONSE_STREAM and no layer. `measure.ts` compares the two.
 */
export const handler = createStreamingHandler(server);
