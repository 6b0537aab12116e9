import assert from 'node:assert/strict';
import { apiKeyChallenge, DEFAULT_THROTTLE, mcpRoutes } from '../../packages/cdk/src/index.ts';

/**
 * What every deployment behind the tasks API key authorizer says, whatever the tool (CDK,
 * SAM, Serverless, Terraform) and whichever MCP function it fronts: the same runtime, routes
 * and auth. The routes and challenge come from @lambda-mcp/cdk, so the templates are held
 * to the constructs.
 */
const BEHIND_THE_KEY_AUTHORIZER = {
  runtime: 'nodejs24.x',
  architectures: ['arm64'],
  handler: 'index.handler',
  /** `METHOD /path` -> behind the authorizer. */
  routes: Object.fromEntries(
    mcpRoutes().map((route) => [`${route.method} /${route.path}`, route.authorized]),
  ),
  keyHeader: 'x-api-key',
  authorizerTtl: 0,
  throttle: DEFAULT_THROTTLE,
  stage: 'v1',
  /** A REST API's endpoint type, as McpRestApi makes it (not Serverless's default EDGE). */
  endpointType: 'REGIONAL',
  challenge: apiKeyChallenge(),
  unauthorizedBody:
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Unauthorized: send an API key"}}',
  accessDeniedBody:
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32003,"message":"Forbidden: the API key is unknown, revoked or expired"}}',
  /**
   * The authorizer threw (its key store failed) or timed out: a retryable 503, as McpRestApi
   * answers it, for both gateway response types that can carry it.
   */
  authorizerError: {
    types: ['AUTHORIZER_CONFIGURATION_ERROR', 'AUTHORIZER_FAILURE'],
    status: 503,
    retryAfter: '5',
    body: '{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"The API key check could not be completed; try again shortly"}}',
  },
  logRetentionDays: 30,
  commonEnvironment: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_METRICS_NAMESPACE: 'lambda-mcp' },
} as const;

/** The task server (examples/tasks/deploy, examples/tasks/infra). */
export const TASKS_DEPLOY = {
  ...BEHIND_THE_KEY_AUTHORIZER,
  server: { memorySize: 1024, timeout: 29, service: 'tasks' },
  authorizer: { memorySize: 512, timeout: 10, service: 'tasks-authorizer' },
  warmUp: { schedule: 'rate(5 minutes)', input: '{"warmup":true}' },
} as const;

/**
 * The tasks façade (examples/tasks-facade/deploy, examples/tasks-facade/infra): the façade
 * function calls the REST API at TASKS_API_URL and holds no database credential; only its
 * authorizer reads the task database. No warm-up, as in its CDK app.
 */
export const FACADE_DEPLOY = {
  ...BEHIND_THE_KEY_AUTHORIZER,
  facade: { memorySize: 1024, timeout: 29, service: 'tasks-facade' },
  authorizer: { memorySize: 512, timeout: 10, service: 'tasks-facade-authorizer' },
} as const;

/** REST API routes as `METHOD /path` -> authorization type, from a CloudFormation template's resources. */
export function restApiRoutes(
  resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>,
) {
  const pathOf = (ref: unknown): string => {
    if (typeof ref === 'object' && ref !== null && 'Ref' in ref) {
      const resource = resources[(ref as { Ref: string }).Ref];
      if (resource?.Type === 'AWS::ApiGateway::Resource') {
        const parent = pathOf(resource.Properties!.ParentId);
        return `${parent === '/' ? '' : parent}/${resource.Properties!.PathPart as string}`;
      }
    }
    return '/';
  };
  const routes: Record<string, boolean> = {};
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::ApiGateway::Method') continue;
    const { ResourceId, HttpMethod, AuthorizationType } = resource.Properties as {
      ResourceId: unknown;
      HttpMethod: string;
      AuthorizationType: string;
    };
    routes[`${HttpMethod} ${pathOf(ResourceId)}`] = AuthorizationType === 'CUSTOM';
  }
  return routes;
}

/**
 * The database secret as a complete Secrets Manager ARN (with the 6-character suffix AWS
 * adds): the functions' IAM statements name exactly that ARN, so a partial ARN or a secret's
 * name would deploy and then be refused on every GetSecretValue. The SAM parameter's
 * AllowedPattern and the Terraform variable's validation.
 */
export const SECRET_ARN_PATTERN =
  '^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+-[A-Za-z0-9]{6}$';

/** What `pattern` accepts among a complete ARN, a partial one and a bare name. */
export function secretArnsAccepted(pattern: string): Record<string, boolean> {
  const matches = (value: string) => new RegExp(pattern).test(value);
  return {
    complete: matches('arn:aws:secretsmanager:eu-west-1:123456789012:secret:tasks-db-AbCdEf'),
    partial: matches('arn:aws:secretsmanager:eu-west-1:123456789012:secret:tasks-db'),
    name: matches('tasks-db'),
  };
}

/**
 * The stage of a packaged serverless.yml after `stage-throttle.cjs`: a resource of its own, as
 * the constructs make it (a deployment's StageName/StageDescription describe a stage it
 * creates, and every `serverless deploy` makes a new deployment for a stage that already
 * exists; the Stage resource is updated in place instead), on the one deployment, which is
 * made after the gateway responses (a snapshot of the API: the first deploy already answers
 * with the challenge).
 */
export function assertThrottledStage(
  resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] }>,
): void {
  const deployments = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGateway::Deployment');
  assert.equal(deployments.length, 1);
  const [deploymentId, deployment] = deployments[0]!;
  assert.deepEqual(deployment.Properties, { RestApiId: { Ref: 'ApiGatewayRestApi' } });
  for (const response of [
    'GatewayResponseUnauthorized',
    'GatewayResponseAccessDenied',
    'GatewayResponseNotFound',
    'GatewayResponseAuthorizerError',
    'GatewayResponseAuthorizerFailure',
  ])
    assert.ok(deployment.DependsOn?.includes(response), `the deployment waits for ${response}`);
  assert.deepEqual(
    Object.values(resources).filter((r) => r.Type === 'AWS::ApiGateway::Stage'),
    [
      {
        Type: 'AWS::ApiGateway::Stage',
        Properties: {
          RestApiId: { Ref: 'ApiGatewayRestApi' },
          DeploymentId: { Ref: deploymentId },
          StageName: BEHIND_THE_KEY_AUTHORIZER.stage,
          MethodSettings: [
            {
              ResourcePath: '/*',
              HttpMethod: '*',
              ThrottlingBurstLimit: BEHIND_THE_KEY_AUTHORIZER.throttle.burstLimit,
              ThrottlingRateLimit: BEHIND_THE_KEY_AUTHORIZER.throttle.rateLimit,
            },
          ],
        },
      },
    ],
  );
}

/** The serverless.yml gateway responses of a throwing or timed-out authorizer: a retryable 503. */
export function assertAuthorizerErrorResponses(
  resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>,
): void {
  const { types, status, retryAfter, body } = BEHIND_THE_KEY_AUTHORIZER.authorizerError;
  assert.deepEqual(
    ['GatewayResponseAuthorizerError', 'GatewayResponseAuthorizerFailure'].map(
      (id) => resources[id]?.Properties,
    ),
    types.map((type) => ({
      RestApiId: { Ref: 'ApiGatewayRestApi' },
      ResponseType: type,
      StatusCode: String(status),
      ResponseParameters: { 'gatewayresponse.header.Retry-After': `'${retryAfter}'` },
      ResponseTemplates: { 'application/json': body },
    })),
  );
}
