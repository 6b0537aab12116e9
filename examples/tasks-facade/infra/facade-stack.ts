import { join } from 'node:path';
import { McpFunction, McpRestApi } from '@lambda-mcp/cdk';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

export interface FacadeStackProps extends StackProps {
  /** Where `infra/bundle.ts` wrote `facade/` and `authorizer/`. */
  bundlesDir: string;
  /** The tasks REST API's base URL: the façade calls it with each caller's key. */
  tasksApiUrl: string;
  /** The task database's secret, which holds the API keys the authorizer checks. */
  databaseSecretArn: string;
}

/**
 * The seed's deployment: a REST API whose REQUEST authorizer checks `x-api-key` against the
 * task database's key store, in front of the façade Lambda, which calls the tasks REST API
 * with the caller's own key. The façade holds no database credential: only the authorizer does.
 */
export class FacadeStack extends Stack {
  constructor(scope: Construct, id: string, props: FacadeStackProps) {
    super(scope, id, props);
    const databaseSecret = secretsmanager.Secret.fromSecretCompleteArn(
      this,
      'Database',
      props.databaseSecretArn,
    );
    const facade = new McpFunction(this, 'Facade', {
      bundleDir: join(props.bundlesDir, 'facade'),
      serviceName: 'tasks-facade',
      environment: { TASKS_API_URL: props.tasksApiUrl },
      // API Gateway ends a buffered integration at 29 s.
      timeout: Duration.seconds(29),
    });
    const authorizer = new McpFunction(this, 'Authorizer', {
      bundleDir: join(props.bundlesDir, 'authorizer'),
      serviceName: 'tasks-facade-authorizer',
      databaseSecret,
      stateSecret: false,
      memorySize: 512,
      timeout: Duration.seconds(10),
    });
    const api = new McpRestApi(this, 'Api', { function: facade, authorizer: { function: authorizer } });
    new CfnOutput(this, 'McpEndpoint', { value: api.mcpUrl, description: 'The MCP endpoint' });
  }
}
