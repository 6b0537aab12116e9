import type { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { McpFunction } from './mcp-function.ts';

/** An `McpFunction` or any Lambda function. */
export type McpFunctionLike = McpFunction | lambda.IFunction;

/** What an exposure invokes: an `McpFunction`'s alias when it has provisioned concurrency. */
export function invokeTarget(fn: McpFunctionLike): lambda.IFunction {
  return fn instanceof McpFunction ? fn.target : fn;
}

/** The function's timeout, when it is known here (an `McpFunction` or a `lambda.Function`). */
export function functionTimeout(fn: McpFunctionLike): Duration | undefined {
  const underlying = fn instanceof McpFunction ? fn.function : fn;
  return underlying instanceof lambda.Function ? underlying.timeout : undefined;
}
