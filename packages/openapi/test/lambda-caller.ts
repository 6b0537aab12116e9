import type { McpServer } from 'lambda-mcp';
import { createHandler } from 'lambda-mcp/lambda';
import { lambdaContext, mcpRequest, restApiEvent } from 'lambda-mcp/testing';

/** A tool result as the tests read it. */
export interface ToolResult {
  content: { type: string; text?: string; resource?: { uri: string; mimeType: string; blob: string } }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/**
 * Calls tools through the Lambda handler the way API Gateway delivers them: a REST API
 * event whose REQUEST authorizer identified the caller, with the caller's key in
 * `x-api-key` (kept on `ctx.auth` by `credentialHeader`, never in the authorizer context).
 */
export function lambdaCaller(server: McpServer, apiKey: string, options: { remainingMs?: number } = {}) {
  const handler = createHandler(server, { credentialHeader: 'x-api-key', metrics: false });
  const send = async (method: string, params: Record<string, unknown>) => {
    const { headers, body } = mcpRequest(method, params);
    const event = restApiEvent({
      headers: { ...headers, 'x-api-key': apiKey, 'accept-language': 'pt-PT' },
      body,
      authorizer: { principalId: 'key-1', tenant: 'acme', scopes: 'items:read items:write' },
    });
    const answer = (await handler(event as never, lambdaContext(options))) as {
      statusCode: number;
      body: string;
    };
    return JSON.parse(answer.body) as { result?: unknown; error?: { code: number; message: string } };
  };
  return {
    send,
    call: async (name: string, args: Record<string, unknown> = {}) => {
      const message = await send('tools/call', { name, arguments: args });
      if (message.result === undefined)
        throw new Error(`tools/call ${name} failed: ${JSON.stringify(message.error)}`);
      return message.result as ToolResult;
    },
  };
}
