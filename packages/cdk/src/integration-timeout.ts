import { Annotations, type Duration } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { functionTimeout, type McpFunctionLike } from './function-target.ts';

/**
 * Warns when the function may run longer than the gateway's integration, which ends at its
 * timeout whatever the function is doing: lambda-mcp stops a tool call just before the
 * function's own deadline with a JSON-RPC TIMEOUT answer, but the client has already had the
 * gateway's 504 (`{"message":"Endpoint request timed out"}`), and the function runs on, billed.
 */
export function warnIfFunctionOutlivesIntegration(
  scope: Construct,
  id: string,
  target: McpFunctionLike,
  integration: { timeout: Duration; name: string; instead: string },
): void {
  const timeout = functionTimeout(target);
  if (!timeout || timeout.toMilliseconds() <= integration.timeout.toMilliseconds()) return;
  const limit = integration.timeout.toHumanString();
  Annotations.of(scope).addWarningV2(
    '@lambda-mcp/cdk:functionOutlivesIntegration',
    `${id}: the function's timeout (${timeout.toHumanString()}) is longer than ${integration.name} (${limit}): API Gateway answers a slow call with its own 504 before the function can answer TIMEOUT. Give the function a timeout of at most ${limit}, or ${integration.instead}.`,
  );
}
