/**
 * examples/tasks/deploy/sam/template.yaml: parsed with CloudFormation's short-form tags and
 * checked against the deploy contract. SAM CLI is not installed here, so the transform does
 * not run: the checks read the `AWS::Serverless::*` properties as written, and
 * @aws/cloudformation-validate (inside aws-cdk-lib) validates the plain CloudFormation
 * resources against their schemas; it has no schema for `AWS::Serverless::*`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCloudFormationYaml } from './cloudformation-yaml.ts';
import { schemaProblems } from './schema-problems.ts';
import { SECRET_ARN_PATTERN, secretArnsAccepted, TASKS_DEPLOY } from './tasks-deploy-contract.ts';

const FILE = join(import.meta.dirname, '..', '..', 'examples', 'tasks', 'deploy', 'sam', 'template.yaml');
const template = parseCloudFormationYaml(readFileSync(FILE, 'utf8'));
const { Resources } = template;
const props = (id: string) => Resources[id]!.Properties;

describe('the SAM template of the task server', () => {
  it('deploys the lambda-mcp build bundles (dist/server, dist/authorizer) on Node 24 arm64 with JSON logs', () => {
    const globals = (template.Globals as { Function: Record<string, unknown> }).Function;
    assert.deepEqual(
      [globals.Runtime, globals.Architectures, globals.Handler],
      [TASKS_DEPLOY.runtime, TASKS_DEPLOY.architectures, TASKS_DEPLOY.handler],
    );
    assert.deepEqual((globals.Environment as { Variables: object }).Variables, {
      ...TASKS_DEPLOY.commonEnvironment,
      DATABASE_SECRET_ARN: { Ref: 'DatabaseSecretArn' },
    });
    for (const [id, codeUri, expected] of [
      ['McpFunction', '../../dist/server/', TASKS_DEPLOY.server],
      ['AuthorizerFunction', '../../dist/authorizer/', TASKS_DEPLOY.authorizer],
    ] as const) {
      assert.deepEqual(
        [props(id).CodeUri, props(id).MemorySize, props(id).Timeout],
        [codeUri, expected.memorySize, expected.timeout],
      );
      assert.equal(
        (props(id).Environment as { Variables: Record<string, unknown> }).Variables.POWERTOOLS_SERVICE_NAME,
        expected.service,
      );
    }
    assert.deepEqual((props('McpFunction').Environment as { Variables: object }).Variables, {
      POWERTOOLS_SERVICE_NAME: 'tasks',
      LAMBDA_MCP_STATE_SECRET_ARN: { Ref: 'StateSecret' },
    });
  });

  it('routes like the constructs: ANY /mcp behind the authorizer, the rest open, and the warm-up', () => {
    const events = props('McpFunction').Events as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    const routes: Record<string, boolean> = {};
    for (const event of Object.values(events)) {
      if (event.Type !== 'Api') continue;
      assert.deepEqual(event.Properties.RestApiId, { Ref: 'McpApi' });
      const auth = event.Properties.Auth as { Authorizer: string } | undefined;
      routes[`${event.Properties.Method} ${event.Properties.Path}`] = auth?.Authorizer === 'ApiKeyAuthorizer';
    }
    assert.deepEqual(routes, TASKS_DEPLOY.routes);
    assert.deepEqual(events.WarmUp, {
      Type: 'Schedule',
      Properties: { Schedule: TASKS_DEPLOY.warmUp.schedule, Input: TASKS_DEPLOY.warmUp.input },
    });
  });

  it('has the REQUEST authorizer on the key header without caching, stage v1, throttling and the 401 challenge', () => {
    const api = props('McpApi');
    assert.equal(api.StageName, TASKS_DEPLOY.stage);
    // Without OpenApiVersion the SAM transform also gives its deployment StageName "Stage": a
    // second stage serving every route without the throttling below (/Stage/mcp).
    assert.equal(api.OpenApiVersion, '3.0');
    assert.deepEqual(api.MethodSettings, [
      {
        ResourcePath: '/*',
        HttpMethod: '*',
        ThrottlingBurstLimit: TASKS_DEPLOY.throttle.burstLimit,
        ThrottlingRateLimit: TASKS_DEPLOY.throttle.rateLimit,
      },
    ]);
    const auth = api.Auth as { Authorizers: Record<string, unknown>; DefaultAuthorizer?: string };
    assert.equal(auth.DefaultAuthorizer, undefined);
    assert.deepEqual(auth.Authorizers, {
      ApiKeyAuthorizer: {
        FunctionPayloadType: 'REQUEST',
        FunctionArn: { 'Fn::GetAtt': ['AuthorizerFunction', 'Arn'] },
        Identity: { Headers: [TASKS_DEPLOY.keyHeader], ReauthorizeEvery: TASKS_DEPLOY.authorizerTtl },
      },
    });
    const responses = api.GatewayResponses as Record<string, Record<string, unknown>>;
    assert.deepEqual(responses.UNAUTHORIZED, {
      StatusCode: 401,
      ResponseParameters: { Headers: { 'WWW-Authenticate': `'${TASKS_DEPLOY.challenge}'` } },
      ResponseTemplates: { 'application/json': TASKS_DEPLOY.unauthorizedBody },
    });
    const { authorizerError } = TASKS_DEPLOY;
    for (const type of authorizerError.types) {
      assert.deepEqual(responses[type], {
        StatusCode: authorizerError.status,
        ResponseParameters: { Headers: { 'Retry-After': `'${authorizerError.retryAfter}'` } },
        ResponseTemplates: { 'application/json': authorizerError.body },
      });
    }
  });

  it('lets each function read only its secrets, and keeps logs a month', () => {
    assert.deepEqual(props('McpFunction').Policies, [
      { AWSSecretsManagerGetSecretValuePolicy: { SecretArn: { Ref: 'DatabaseSecretArn' } } },
      { AWSSecretsManagerGetSecretValuePolicy: { SecretArn: { Ref: 'StateSecret' } } },
    ]);
    assert.deepEqual(props('AuthorizerFunction').Policies, [
      { AWSSecretsManagerGetSecretValuePolicy: { SecretArn: { Ref: 'DatabaseSecretArn' } } },
    ]);
    // Each function logs to a group the stack creates before it, named by CloudFormation: a
    // warm-up or a request before the group exists cannot make Lambda create
    // /aws/lambda/<function> first (the stack would then fail with "already exists"), and a
    // deleted and re-created stack never meets a group its predecessor left behind.
    for (const [fn, group] of [
      ['McpFunction', 'McpLogGroup'],
      ['AuthorizerFunction', 'AuthorizerLogGroup'],
    ] as const) {
      assert.deepEqual(props(fn).LoggingConfig, { LogFormat: 'JSON', LogGroup: { Ref: group } });
      assert.deepEqual(props(group), { RetentionInDays: TASKS_DEPLOY.logRetentionDays });
    }
    assert.deepEqual(props('StateSecret').GenerateSecretString, {
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
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
    const text = readFileSync(FILE, 'utf8');
    assert.deepEqual(schemaProblems(text, 'template.yaml'), []);
    // The validator does read these resources: a retention CloudWatch does not offer is an error.
    assert.equal(
      schemaProblems(text.replace('RetentionInDays: 30', 'RetentionInDays: 31'), 'template.yaml').length,
      1,
    );
  });
});
