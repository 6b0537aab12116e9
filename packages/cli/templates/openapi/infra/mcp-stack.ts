import { McpFunction, McpFunctionUrl, McpMonitoring } from '@lambda-mcp/cdk';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';

/**
 * The server on a Function URL: the same function as template.yaml, serverless.yml and
 * terraform/. Each tool calls the REST API with the caller's own credential; the API decides
 * who may do what. `upstreamUrl` (`npx cdk deploy -c upstreamUrl=https://...`) replaces the
 * base URL `lambda-mcp init` chose (src/server.ts).
 */
export class McpStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { bundleDir: string; upstreamUrl?: string }) {
    super(scope, id, props);
    const server = new McpFunction(this, 'Server', {
      bundleDir: props.bundleDir,
      serviceName: '__PROJECT_NAME__',
      ...(props.upstreamUrl ? { environment: { UPSTREAM_URL: props.upstreamUrl } } : {}),
      // Keeps one environment warm; the adapter answers {"warmup":true} before any MCP code.
      warmUp: { schedule: events.Schedule.rate(Duration.minutes(5)) },
    });
    new McpFunctionUrl(this, 'Url', { function: server });
    new McpMonitoring(this, 'Monitoring', { function: server });
  }
}
