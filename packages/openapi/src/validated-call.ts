import {
  type CallToolResult,
  createServer,
  ErrorCode,
  type OtherPlatform,
  type RequestContext,
  silentLogger,
  ToolError,
} from 'lambda-mcp';
import { createExchangeHandler } from 'lambda-mcp/http';
import type { OperationCall } from './call-operation.ts';
import type { OperationTool } from './convert-document.ts';
import { innerToolCall } from './inner-exchange.ts';
import { registerOperationTools } from './register-operation-tools.ts';

/**
 * Calls an operation by name with the same argument checks as a directly registered
 * tool: the operations are registered on an inner server that is never served, and each
 * call goes through its exchange handler. The inner handler finds the outer request's
 * context (caller, signal, deadline, logger, incoming headers) by the platform object it
 * was given, so the upstream call behaves exactly as it would from the outer tool.
 */
export function validatedCaller(
  tools: readonly OperationTool[],
  call: OperationCall,
): (name: string, args: unknown, ctx: RequestContext) => Promise<CallToolResult> {
  const outer = new WeakMap<object, RequestContext>();
  const inner = createServer({
    name: 'lambda-mcp-openapi/operations',
    version: '1.0.0',
    logger: silentLogger,
  });
  registerOperationTools(inner, tools, (tool, args, innerCtx) => {
    const ctx = outer.get(innerCtx.platform);
    if (ctx === undefined) throw new Error('operation called outside call_operation');
    return call(tool, args, ctx);
  });
  // The outer request already kept its margin before the host deadline.
  const handle = createExchangeHandler(inner, { deadlineMarginMs: 0 });
  let id = 0;
  return async (name, args, ctx) => {
    const platform: OtherPlatform = { kind: 'other', name: 'lambda-mcp-openapi', request: null };
    outer.set(platform, ctx);
    id += 1;
    const message = await innerToolCall(handle, {
      id,
      name,
      arguments: args,
      platform,
      signal: ctx.signal,
      deadline: ctx.deadline,
      auth: ctx.auth,
    });
    if (message.result !== undefined) return message.result;
    // The request's own deadline or the client leaving: the framework answers TIMEOUT or CANCELLED.
    if (ctx.signal.aborted) throw ctx.signal.reason;
    // Bad arguments come back as tool results; a JSON-RPC error is the caller's only when it
    // says Invalid params (e.g. no such operation), else it is ours and worth no retry with other arguments.
    if (message.error?.code === ErrorCode.InvalidParams) {
      throw new ToolError(message.error.message, { code: 'VALIDATION_ERROR' });
    }
    ctx.logger.error('call_operation failed inside', { operation: name, error: message.error });
    throw new ToolError(`Operation ${name} failed inside this server; the error is logged.`, {
      code: 'INTERNAL_ERROR',
    });
  };
}
