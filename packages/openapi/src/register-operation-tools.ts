import type { McpServer } from 'lambda-mcp';
import type { OperationCall } from './call-operation.ts';
import type { OperationTool } from './convert-document.ts';

/**
 * Registers one tool per operation. The framework validates arguments against the input
 * schema (and refuses unknown ones) before the handler runs, so no invalid call reaches
 * the API; a tool with an `outputSchema` returns the API's JSON object as structured content.
 */
export function registerOperationTools(
  server: McpServer,
  tools: readonly OperationTool[],
  call: OperationCall,
): void {
  for (const tool of tools) {
    const config = {
      ...(tool.title === undefined ? {} : { title: tool.title }),
      description: tool.description,
      input: tool.inputSchema,
      annotations: tool.annotations,
    };
    const handler = (args: Record<string, unknown>, ctx: Parameters<OperationCall>[2]) =>
      call(tool, args, ctx);
    if (tool.outputSchema === undefined) server.tool(tool.name, config, handler as never);
    else server.tool(tool.name, { ...config, output: tool.outputSchema }, handler as never);
  }
}
