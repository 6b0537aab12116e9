import { type McpServer, ToolError } from 'lambda-mcp';
import type { OperationCall } from './call-operation.ts';
import type { OperationTool } from './convert-document.ts';
import { searchOperations } from './search-operations.ts';
import { validatedCaller } from './validated-call.ts';

/** The names of the discovery tools, for a prefix or a collision with the server's own tools. */
export interface DiscoveryNames {
  search: string;
  describe: string;
  call: string;
}

const DEFAULT_NAMES: DiscoveryNames = {
  search: 'search_operations',
  describe: 'describe_operation',
  call: 'call_operation',
};

/**
 * Three tools instead of one per operation, for APIs too large to list (GitHub's ~1,000
 * operations are ~6 MB of schemas): search operations by words and tag, describe one
 * (its arguments' schema), and call one by name. Calls are validated against the
 * operation's schema exactly as a directly registered tool would be.
 */
export function registerDiscoveryTools(
  server: McpServer,
  apiTitle: string,
  tools: readonly OperationTool[],
  call: OperationCall,
  names: DiscoveryNames = DEFAULT_NAMES,
): void {
  // A model may know an operation by the document's own words: its operationId
  // (`users.messages.list`, `issues/create-comment`) or `METHOD /path`. Tool names come first.
  const byName = new Map<string, OperationTool>();
  for (const tool of tools) byName.set(`${tool.method.toUpperCase()} ${tool.path}`, tool);
  for (const tool of tools) if (tool.operationId !== undefined) byName.set(tool.operationId, tool);
  for (const tool of tools) byName.set(tool.name, tool);
  const lookup = (name: string): OperationTool => {
    const tool = byName.get(name);
    if (tool === undefined) {
      throw new ToolError(`${apiTitle} has no operation named "${name}". Call ${names.search} to find one.`, {
        code: 'NOT_FOUND',
      });
    }
    return tool;
  };
  const callValidated = validatedCaller(tools, call);
  const tags = [...new Set(tools.flatMap((tool) => tool.tags))];

  server.tool(
    names.search,
    {
      title: `Search ${apiTitle} operations`,
      description: `Find operations of ${apiTitle} (${tools.length} in all) by words in their name, path or description. Then call ${names.describe} for an operation's arguments and ${names.call} to run it.`,
      input: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'Words to look for, e.g. "create issue comment".' },
          ...(tags.length > 0
            ? {
                tag: {
                  type: 'string',
                  description: `Only operations with this tag: ${tags.slice(0, 60).join(', ')}${tags.length > 60 ? ', …' : ''}.`,
                },
              }
            : {}),
          limit: {
            type: 'integer',
            minimum: 1,
            maximum: 50,
            default: 10,
            description: 'How many to return.',
          },
        },
        required: ['query'],
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) => {
      const { query, tag, limit } = args as { query: string; tag?: string; limit?: number };
      const found = searchOperations(tools, query, { tag, limit: limit ?? 10 });
      return JSON.stringify(found, null, 2);
    },
  );

  server.tool(
    names.describe,
    {
      title: `Describe a ${apiTitle} operation`,
      description: `The description and argument schema of one operation found with ${names.search}.`,
      input: {
        type: 'object',
        properties: { name: { type: 'string', description: 'The operation name.' } },
        required: ['name'],
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) => {
      const tool = lookup((args as { name: string }).name);
      const description: Record<string, unknown> = {
        name: tool.name,
        method: tool.method.toUpperCase(),
        path: tool.path,
        description: tool.description,
        inputSchema: tool.inputSchema,
        annotations: tool.annotations,
      };
      if (tool.outputSchema !== undefined) description.outputSchema = tool.outputSchema;
      return JSON.stringify(description);
    },
  );

  server.tool(
    names.call,
    {
      title: `Call a ${apiTitle} operation`,
      description: `Run one operation by name with its arguments (as ${names.describe} lists them). Arguments are checked before the API is called.`,
      input: {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'The operation name.' },
          arguments: { type: 'object', description: 'The operation arguments.' },
        },
        required: ['name'],
      },
      annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: true },
    },
    (args, ctx) => {
      const { name, arguments: operationArgs } = args as {
        name: string;
        arguments?: Record<string, unknown>;
      };
      return callValidated(lookup(name).name, operationArgs ?? {}, ctx);
    },
  );
}
