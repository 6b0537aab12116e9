import { join } from 'node:path';
import { McpFunction, McpFunctionUrl, McpHttpApi, McpMonitoring, McpRestApi } from '@lambda-mcp/cdk';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/** How clients reach the task server. */
export type TasksExposure = 'rest' | 'http-api' | 'function-url';

export interface TasksStackProps extends StackProps {
  /**
   * `rest` (default): REST API, the `src/authorizer.ts` REQUEST authorizer checking API keys
   * from the task database, buffered `src/handler.ts`. `http-api`: the same behind an HTTP
   * API (cheaper; its 401 carries no WWW-Authenticate), as deploy/terraform deploys it.
   * `function-url`: a streaming Function URL on `src/streaming-handler.ts`, which checks the
   * keys itself (`TASKS_API_KEYS=required`).
   */
  exposure?: TasksExposure;
  /** Where `npm run bundle` wrote `server/`, `authorizer/` and `streaming/` (`lambda-mcp build` output). */
  bundlesDir: string;
  /** A secret holding a `postgres://` URL or RDS's JSON secret; without one the stack makes one to fill in. */
  databaseSecretArn?: string;
}

/** The task server on Lambda: Postgres through a Secrets Manager secret, keys in the task database. */
export class TasksStack extends Stack {
  constructor(scope: Construct, id: string, props: TasksStackProps) {
    super(scope, id, props);
    const exposure = props.exposure ?? 'rest';
    const databaseSecret = props.databaseSecretArn
      ? secretsmanager.Secret.fromSecretCompleteArn(this, 'Database', props.databaseSecretArn)
      : new secretsmanager.Secret(this, 'Database', {
          description:
            'The task database: a postgres:// URL or the JSON secret RDS generates. Put its value before the first request.',
        });
    // The seed's warm-up: one environment kept warm, answered before any MCP code runs.
    const warmUp = { schedule: events.Schedule.rate(Duration.minutes(5)) };

    if (exposure === 'function-url') {
      const server = new McpFunction(this, 'Server', {
        bundleDir: join(props.bundlesDir, 'streaming'),
        serviceName: 'tasks',
        databaseSecret,
        // No authorizer in front of a Function URL: the function checks keys itself.
        environment: { TASKS_API_KEYS: 'required' },
        // A stream may outlive API Gateway's 29 s; an MCP tool call rarely needs more than this.
        timeout: Duration.minutes(2),
        warmUp,
      });
      new McpFunctionUrl(this, 'Url', { function: server, invokeMode: lambda.InvokeMode.RESPONSE_STREAM });
      new McpMonitoring(this, 'Monitoring', { function: server, dashboardName: 'tasks-mcp' });
    } else {
      const server = new McpFunction(this, 'Server', {
        bundleDir: join(props.bundlesDir, 'server'),
        serviceName: 'tasks',
        databaseSecret,
        // API Gateway ends a buffered integration at 29 s: as in the SAM, Serverless and Terraform templates.
        timeout: Duration.seconds(29),
        warmUp,
      });
      const authorizer = new McpFunction(this, 'Authorizer', {
        bundleDir: join(props.bundlesDir, 'authorizer'),
        serviceName: 'tasks-authorizer',
        databaseSecret,
        // It signs nothing: one key read per request.
        stateSecret: false,
        memorySize: 512,
        timeout: Duration.seconds(10),
      });
      const options = { function: server, authorizer: { function: authorizer } };
      const api =
        exposure === 'http-api' ? new McpHttpApi(this, 'Api', options) : new McpRestApi(this, 'Api', options);
      new CfnOutput(this, 'McpEndpoint', { value: api.mcpUrl, description: 'The MCP endpoint' });
      new McpMonitoring(this, 'Monitoring', {
        function: server,
        restApi: api instanceof McpRestApi ? api.api : undefined,
        dashboardName: 'tasks-mcp',
      });
    }
    new CfnOutput(this, 'DatabaseSecretArn', {
      value: databaseSecret.secretArn,
      description: 'aws secretsmanager put-secret-value --secret-id <this> --secret-string postgres://…',
    });
  }
}
