/**
 * examples/tasks-facade/deploy/sam/template.yaml: parsed with CloudFormation's short-form tags
 * and checked against the façade's deploy contract. SAM CLI is not installed here, so the
 * transform does not run: the checks read the `AWS::Serverless::*` properties as written,
 * and @aws/cloudformation-validate (inside aws-cdk-lib) validates the plain CloudFormation
 * resources against their schemas; it has no schema for `AWS::Serverless::*`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCloudFormationYaml } from './cloudformation-yaml.ts';
import { schemaProblems } from './schema-problems.ts';
import { FACADE_DEPLOY, SECRET_ARN_PATTERN, secretArnsAccepted } from './tasks-deploy-contract.ts';

const FILE = join(
  import.meta.dirname,
  '..',
  '..',
  'examples',
  'tasks-facade',
  'deploy',
  'sam',
  'template.yaml',
);
const text = readFileSync(FILE, 'utf8');
const template = parseCloudFormationYaml(text);
const { Resources } = template;
const props = (id: string) => Resources[id]!.Properties;
const variables = (id: string) => (props(id).Environment as { Variables: Record<string, unknown> }).Variables;

describe('the SAM template of the tasks façade', () => {
  it('deploys the lambda-mcp build bundles (dist/facade, dist/authorizer) on Node 24 arm64 with JSON logs', () => {
    const globals = (template.Globals as { Function: Record<string, unknown> }).Function;
    assert.deepEqual(
      [globals.Runtime, globals.Architectures, globals.Handler],
      [FACADE_DEPLOY.runtime, FACADE_DEPLOY.architectures, FACADE_DEPLOY.handler],
    );
    // Globals hold nothing secret: the database secret is the authorizer's alone.
    assert.deepEqual(
      (globals.Environment as { Variables: object }).Variables,
      FACADE_DEPLOY.commonEnvironment,
    );
    for (const [id, codeUri, expected] of [
      ['FacadeFunction', '../../dist/facade/', FACADE_DEPLOY.facade],
      ['AuthorizerFunction', '../../dist/authorizer/', FACADE_DEPLOY.authorizer],
    ] as const) {
      assert.equal(Resources[id]!.Type, 'AWS::Serverless::Function');
      assert.deepEqual(
        [props(id).CodeUri, props(id).MemorySize, props(id).Timeout, variables(id).POWERTOOLS_SERVICE_NAME],
        [codeUri, expected.memorySize, expected.timeout, expected.service],
      );
    }
  });

  it('gives the façade the REST API URL and no database credential; the authorizer the database secret', () => {
    assert.deepEqual(variables('FacadeFunction'), {
      POWERTOOLS_SERVICE_NAME: 'tasks-facade',
      TASKS_API_URL: { Ref: 'TasksApiUrl' },
      LAMBDA_MCP_STATE_SECRET_ARN: { Ref: 'StateSecret' },
    });
    assert.deepEqual(variables('AuthorizerFunction'), {
      POWERTOOLS_SERVICE_NAME: 'tasks-facade-authorizer',
      DATABASE_SECRET_ARN: { Ref: 'DatabaseSecretArn' },
    });
    const parameters = template.Parameters as Record<string, { Type: string; AllowedPattern?: string }>;
    assert.deepEqual(Object.keys(parameters), ['TasksApiUrl', 'DatabaseSecretArn']);
    assert.equal(parameters.TasksApiUrl!.AllowedPattern, '^https?://.+');
    // Nothing but the authorizer refers to the database secret.
    const mentions = Object.entries(Resources)
      .filter(([, resource]) => JSON.stringify(resource).includes('"DatabaseSecretArn"'))
      .map(([id]) => id);
    assert.deepEqual(mentions, ['AuthorizerFunction']);
  });

  it('routes like the constructs: ANY /mcp behind the authorizer, the rest open, no warm-up', () => {
    const events = props('FacadeFunction').Events as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    const routes: Record<string, boolean> = {};
    for (const event of Object.values(events)) {
      assert.equal(event.Type, 'Api');
      assert.deepEqual(event.Properties.RestApiId, { Ref: 'McpApi' });
      const auth = event.Properties.Auth as { Authorizer: string } | undefined;
      routes[`${event.Properties.Method} ${event.Properties.Path}`] = auth?.Authorizer === 'ApiKeyAuthorizer';
    }
    assert.deepEqual(routes, FACADE_DEPLOY.routes);
    assert.equal(props('AuthorizerFunction').Events, undefined);
  });

  it('has the REQUEST authorizer on x-api-key without caching, stage v1, throttling and the gateway responses', () => {
    const api = props('McpApi');
    assert.equal(api.StageName, FACADE_DEPLOY.stage);
    // Without OpenApiVersion the SAM transform also gives its deployment StageName "Stage": a
    // second stage serving every route without the throttling below (/Stage/mcp).
    assert.equal(api.OpenApiVersion, '3.0');
    assert.deepEqual(api.EndpointConfiguration, { Type: 'REGIONAL' });
    assert.deepEqual(api.MethodSettings, [
      {
        ResourcePath: '/*',
        HttpMethod: '*',
        ThrottlingBurstLimit: FACADE_DEPLOY.throttle.burstLimit,
        ThrottlingRateLimit: FACADE_DEPLOY.throttle.rateLimit,
      },
    ]);
    const auth = api.Auth as { Authorizers: Record<string, unknown>; DefaultAuthorizer?: string };
    assert.equal(auth.DefaultAuthorizer, undefined);
    assert.deepEqual(auth.Authorizers, {
      ApiKeyAuthorizer: {
        FunctionPayloadType: 'REQUEST',
        FunctionArn: { 'Fn::GetAtt': ['AuthorizerFunction', 'Arn'] },
        Identity: { Headers: [FACADE_DEPLOY.keyHeader], ReauthorizeEvery: FACADE_DEPLOY.authorizerTtl },
      },
    });
    assert.deepEqual(api.GatewayResponses, {
      UNAUTHORIZED: {
        StatusCode: 401,
        ResponseParameters: { Headers: { 'WWW-Authenticate': `'${FACADE_DEPLOY.challenge}'` } },
        ResponseTemplates: { 'application/json': FACADE_DEPLOY.unauthorizedBody },
      },
      ACCESS_DENIED: {
        StatusCode: 403,
        ResponseTemplates: { 'application/json': FACADE_DEPLOY.accessDeniedBody },
      },
      MISSING_AUTHENTICATION_TOKEN: {
        StatusCode: 404,
        ResponseTemplates: { 'application/json': '{"message":"Not found"}' },
      },
      ...Object.fromEntries(
        FACADE_DEPLOY.authorizerError.types.map((type) => [
          type,
          {
            StatusCode: FACADE_DEPLOY.authorizerError.status,
            ResponseParameters: {
              Headers: { 'Retry-After': `'${FACADE_DEPLOY.authorizerError.retryAfter}'` },
            },
            ResponseTemplates: { 'application/json': FACADE_DEPLOY.authorizerError.body },
          },
        ]),
      ),
    });
  });

  it('lets each function read only its own secret, and keeps logs a month', () => {
    assert.deepEqual(props('FacadeFunction').Policies, [
      { AWSSecretsManagerGetSecretValuePolicy: { SecretArn: { Ref: 'StateSecret' } } },
    ]);
    assert.deepEqual(props('AuthorizerFunction').Policies, [
      { AWSSecretsManagerGetSecretValuePolicy: { SecretArn: { Ref: 'DatabaseSecretArn' } } },
    ]);
    for (const [group, fn] of [
      ['FacadeLogGroup', 'FacadeFunction'],
      ['AuthorizerLogGroup', 'AuthorizerFunction'],
    ] as const) {
      // A group the stack creates before the function, named by CloudFormation: see tasks-sam.test.ts.
      assert.deepEqual(props(fn).LoggingConfig, { LogFormat: 'JSON', LogGroup: { Ref: group } });
      assert.deepEqual(props(group), { RetentionInDays: FACADE_DEPLOY.logRetentionDays });
    }
    assert.deepEqual(props('StateSecret').GenerateSecretString, {
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
    assert.deepEqual(
      Object.values(Resources)
        .map((resource) => resource.Type)
        .sort(),
      [
        'AWS::Logs::LogGroup',
        'AWS::Logs::LogGroup',
        'AWS::SecretsManager::Secret',
        'AWS::Serverless::Api',
        'AWS::Serverless::Function',
        'AWS::Serverless::Function',
      ],
    );
  });

  it('takes only a complete Secrets Manager ARN for the database secret (the policies name exactly it)', () => {
    const parameter = (template.Parameters as Record<string, { AllowedPattern?: string }>).DatabaseSecretArn!;
    assert.equal(parameter.AllowedPattern, SECRET_ARN_PATTERN);
    assert.deepEqual(secretArnsAccepted(parameter.AllowedPattern), {
      complete: true,
      partial: false,
      name: false,
    });
  });

  it('passes @aws/cloudformation-validate schema checks for its plain CloudFormation resources', () => {
    assert.deepEqual(schemaProblems(text, 'template.yaml'), []);
    // The validator does read these resources: a retention CloudWatch does not offer is an error.
    assert.equal(
      schemaProblems(text.replace('RetentionInDays: 30', 'RetentionInDays: 31'), 'template.yaml').length,
      1,
    );
  });
});
