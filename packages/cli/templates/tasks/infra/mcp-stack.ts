import { McpFunction, McpFunctionUrl, McpMonitoring, McpTables } from '@lambda-mcp/cdk';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';

/**
 * The server on a Function URL with API keys checked in the function (API_KEYS_TABLE), the
 * tasks in DynamoDB (TASKS_TABLE): the same function as template.yaml, serverless.yml and
 * terraform/. A Function URL passes the function's 401 and WWW-Authenticate through as they are.
 */
export class McpStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { bundleDir: string }) {
    super(scope, id, props);
    const keys = new McpTables(this, 'Keys', { rateLimits: false });
    const tasks = new dynamodb.Table(this, 'Tasks', {
      partitionKey: { name: 'tenant', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const server = new McpFunction(this, 'Server', {
      bundleDir: props.bundleDir,
      serviceName: 'tasks',
      environment: { TASKS_TABLE: tasks.tableName, API_KEYS_TABLE: keys.apiKeys!.tableName },
      // Keeps one environment warm; the adapter answers {"warmup":true} before any MCP code.
      warmUp: { schedule: events.Schedule.rate(Duration.minutes(5)) },
    });
    // Exactly the calls the code makes, on exactly its tables.
    tasks.grant(server.function, 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem');
    keys.grantKeyCheck(server.function);
    new McpFunctionUrl(this, 'Url', { function: server });
    new McpMonitoring(this, 'Monitoring', { function: server });
    new CfnOutput(this, 'ApiKeysTable', {
      value: keys.apiKeys!.tableName,
      description: 'npm run keys -- create --store dynamodb:<this> --tenant <tenant>',
    });
  }
}
