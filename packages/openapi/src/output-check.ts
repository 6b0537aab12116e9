import { createServer, type OtherPlatform, silentLogger } from 'lambda-mcp';
import { createExchangeHandler, type ExchangeHandler } from 'lambda-mcp/http';
import type { OperationTool } from './convert-document.ts';
import { innerToolCall } from './inner-exchange.ts';

/**
 * Checks an API's 2xx object against the `outputSchema` its tool advertises, with the
 * framework's own validator (through a one-tool server that is never served), before the
 * framework does. Documents drift from their APIs (a field that comes back null, an enum
 * value added since, Jira's `+0000` dates under `format: date-time`), and the framework
 * answers such an object with a JSON-RPC internal error: the model would lose an answer
 * to a call that went through, and might repeat a write. Returns the issues, or undefined
 * when the object matches. One inner server per tool, made on its first answer, so a large
 * API pays at init for none of them.
 */
export function outputChecker(): (
  tool: OperationTool,
  value: Record<string, unknown>,
) => Promise<string | undefined> {
  const checkers = new Map<string, ExchangeHandler>();
  const values = new WeakMap<object, Record<string, unknown>>();
  let id = 0;
  const checkerFor = (tool: OperationTool & { outputSchema: Record<string, unknown> }) => {
    let handle = checkers.get(tool.name);
    if (handle === undefined) {
      const inner = createServer({
        name: 'lambda-mcp-openapi/output',
        version: '1.0.0',
        logger: silentLogger,
      });
      inner.tool(
        'answer',
        { description: `The answer of ${tool.name}.`, output: tool.outputSchema },
        (_args, ctx) => values.get(ctx.platform) ?? {},
      );
      handle = createExchangeHandler(inner, { deadlineMarginMs: 0 });
      checkers.set(tool.name, handle);
    }
    return handle;
  };
  return async (tool, value) => {
    if (tool.outputSchema === undefined) return undefined;
    const platform: OtherPlatform = { kind: 'other', name: 'lambda-mcp-openapi', request: null };
    values.set(platform, value);
    id += 1;
    const reply = await innerToolCall(checkerFor(tool as never), {
      id,
      name: 'answer',
      arguments: {},
      platform,
    });
    // "Tool answer returned output that does not match its outputSchema: <issues>"; any other
    // failure is not about the answer, and the framework's own check still follows.
    return reply.error === undefined ? undefined : /outputSchema: (.*)$/s.exec(reply.error.message)?.[1];
  };
}
