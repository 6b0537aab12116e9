import type { PolicyAuthorizerResult } from 'lambda-mcp/auth';
import type { LambdaHandler } from 'lambda-mcp/lambda';
import { lambdaContext, restApiEvent } from 'lambda-mcp/testing';
import { restAuthorizerEvent } from '../../tasks/test/authorizer-events.ts';

type Authorizer = (event: ReturnType<typeof restAuthorizerEvent>) => Promise<unknown>;

/**
 * A `fetch` for the MCP client that does what API Gateway (REST) does with a REQUEST
 * authorizer in front of a Lambda proxy integration: run the real authorizer on the
 * request's headers, answer 401 when it throws "Unauthorized" and 403 on a Deny policy,
 * otherwise invoke the handler with a REST API event carrying the authorizer's principal
 * and context, and return its result as the HTTP response.
 */
export function apiGatewayFetch(authorizer: Authorizer, handler: LambdaHandler): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const headers = Object.fromEntries(request.headers);
    let decision: PolicyAuthorizerResult;
    try {
      decision = (await authorizer(restAuthorizerEvent(headers))) as PolicyAuthorizerResult;
    } catch {
      return Response.json({ message: 'Unauthorized' }, { status: 401 });
    }
    if (decision.policyDocument.Statement[0]?.Effect !== 'Allow') {
      return Response.json({ Message: 'User is not authorized to access this resource' }, { status: 403 });
    }
    const event = restApiEvent({
      method: request.method,
      headers,
      body: await request.text(),
      authorizer: { principalId: decision.principalId, ...decision.context },
    });
    const result = (await handler(event as never, lambdaContext())) as {
      statusCode: number;
      headers?: Record<string, string>;
      body?: string;
    };
    return new Response(result.statusCode === 202 || result.statusCode === 204 ? null : (result.body ?? ''), {
      status: result.statusCode,
      headers: result.headers,
    });
  };
}
