/**
 * The tasks Lambda entry with its server module loaded on the first invocation instead of
 * at import: the init phase imports only this file, and the first event pays for zod, the
 * tool definitions and lambda-mcp. The benchmark compares it with the eager entry.
 */
import type { LambdaContext, LambdaHandler } from 'lambda-mcp/lambda';

let loading: Promise<LambdaHandler> | undefined;

export const handler = async (event: unknown, context: LambdaContext) => {
  loading ??= import('../../examples/tasks/src/handler.ts').then((module) => module.handler);
  return (await loading)(event, context);
};
