import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { McpFunction } from './mcp-function.ts';

/** An `McpFunction` or any Lambda function. */
export type McpFunctionLike = McpFunction | lambda.IFunction;

/** What an exposure invokes: an `McpFunction`'s alias when it has provisioned concurrency. */
export function invokeTarget(fn: McpFunctionLike): lambda.IFunction {
  return fn instanceof McpFunction ? fn.target : fn;
}
