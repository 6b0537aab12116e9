/**
 * The API Gateway HTTP API (payload format 2.0) event for the benchmark `tools/call`, and
 * a Lambda context to go with it. The event builder is imported from its module file, not
 * `lambda-mcp/testing`: the index loads node:http, which would warm Node's built-ins for
 * the bundle under test before its cold start is measured.
 */
import { httpApiEvent } from '../../packages/server/src/testing/lambda-events.ts';
import { type Revision, toolsCallBody, toolsCallHeaders } from '../tools-call.ts';

export { lambdaContext } from '../../packages/server/src/testing/lambda-events.ts';

export function toolsCallEvent(revision: Revision, id: number) {
  return httpApiEvent({
    headers: { ...toolsCallHeaders(revision), 'user-agent': 'bench/1.0' },
    body: toolsCallBody(revision, id),
    requestId: `req-${id}`,
  });
}
