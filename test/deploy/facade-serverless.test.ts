/**
 * examples/tasks-facade/deploy/serverless: `serverless package` (serverless@3, fully offline,
 * no credentials) on the bundles `lambda-mcp build` made, and the CloudFormation it generates
 * checked against the façade's deploy contract. Telemetry and notifications are off.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { schemaProblems } from './schema-problems.ts';
import { FACADE_SERVICE, runServerless, serverlessService, TASKS_SERVICE } from './serverless-service.ts';
import {
  assertAuthorizerErrorResponses,
  assertThrottledStage,
  FACADE_DEPLOY,
  restApiRoutes,
} from './tasks-deploy-contract.ts';

const DB_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:tasks-db-AbCdEf';
const TASKS_API_URL = 'https://tasks.example.com';
const out = mkdtempSync(join(tmpdir(), 'facade-sls-package-'));
const service = serverlessService(FACADE_SERVICE);
after(() => {
  rmSync(out, { recursive: true, force: true });
  service.remove();
});

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;
let resources: Resources;
let templateText: string;

before(async () => {
  await runServerless(service.dir, [
    'package',
    '--package',
    out,
    `--param=databaseSecretArn=${DB_ARN}`,
    `--param=tasksApiUrl=${TASKS_API_URL}`,
  ]);
  templateText = readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8');
  resources = (JSON.parse(templateText) as { Resources: Resources }).Resources;
});

const fn = (id: string) => resources[id]!.Properties;
const variables = (id: string) => (fn(id).Environment as { Variables: Record<string, unknown> }).Variables;
const unzip = promisify(execFile);

describe('serverless.yml of the tasks façade', () => {
  it('deploys the lambda-mcp build bundles on Node 24 arm64, with JSON logs kept a month', () => {
    for (const [id, handler, expected] of [
      ['FacadeLambdaFunction', 'dist/facade/index.handler', FACADE_DEPLOY.facade],
      ['ApiKeyAuthorizerLambdaFunction', 'dist/authorizer/index.handler', FACADE_DEPLOY.authorizer],
    ] as const) {
      const props = fn(id);
      assert.deepEqual(
        [
          props.Handler,
          props.Runtime,
          props.Architectures,
          props.MemorySize,
          props.Timeout,
          props.LoggingConfig,
        ],
        [
          handler,
          FACADE_DEPLOY.runtime,
          FACADE_DEPLOY.architectures,
          expected.memorySize,
          expected.timeout,
          { LogFormat: 'JSON' },
        ],
      );
    }
    for (const group of ['FacadeLogGroup', 'ApiKeyAuthorizerLogGroup'])
      assert.equal(fn(group).RetentionInDays, FACADE_DEPLOY.logRetentionDays);
  });

  it('gives the façade the REST API URL and no database credential; the authorizer the database secret', () => {
    assert.deepEqual(variables('FacadeLambdaFunction'), {
      ...FACADE_DEPLOY.commonEnvironment,
      POWERTOOLS_SERVICE_NAME: FACADE_DEPLOY.facade.service,
      TASKS_API_URL,
      LAMBDA_MCP_STATE_SECRET_ARN: { Ref: 'StateSecret' },
    });
    assert.deepEqual(variables('ApiKeyAuthorizerLambdaFunction'), {
      ...FACADE_DEPLOY.commonEnvironment,
      POWERTOOLS_SERVICE_NAME: FACADE_DEPLOY.authorizer.service,
      DATABASE_SECRET_ARN: DB_ARN,
    });
  });

  it('packages each function with only its bundle, byte for byte', async () => {
    assert.deepEqual(
      readdirSync(out)
        .filter((name) => name.endsWith('.zip'))
        .sort(),
      ['apiKeyAuthorizer.zip', 'facade.zip'],
    );
    for (const [zip, name] of [
      ['facade.zip', 'facade'],
      ['apiKeyAuthorizer.zip', 'authorizer'],
    ] as const) {
      const { stdout } = await unzip('unzip', ['-Z1', join(out, zip)]);
      assert.deepEqual(stdout.trim().split('\n'), [`dist/${name}/index.mjs`, `dist/${name}/index.mjs.map`]);
      const { stdout: code } = await unzip('unzip', ['-p', join(out, zip), `dist/${name}/index.mjs`], {
        maxBuffer: 16 * 1024 * 1024,
      });
      assert.equal(code, readFileSync(join(service.dir, 'dist', name, 'index.mjs'), 'utf8'));
    }
  });

  it('makes a regional REST API, as the constructs, SAM and Terraform do (Serverless defaults to EDGE)', () => {
    assert.deepEqual(fn('ApiGatewayRestApi').EndpointConfiguration, { Types: [FACADE_DEPLOY.endpointType] });
  });

  it('routes like the constructs: ANY /mcp behind the REQUEST authorizer on x-api-key, caching off', () => {
    assert.deepEqual(restApiRoutes(resources), FACADE_DEPLOY.routes);
    const authorizers = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGateway::Authorizer');
    assert.deepEqual(
      authorizers.map((a) => [
        a.Properties.Type,
        a.Properties.IdentitySource,
        a.Properties.AuthorizerResultTtlInSeconds,
        JSON.stringify(a.Properties.AuthorizerUri).includes('"ApiKeyAuthorizerLambdaFunction","Arn"'),
      ]),
      [['REQUEST', `method.request.header.${FACADE_DEPLOY.keyHeader}`, FACADE_DEPLOY.authorizerTtl, true]],
    );
    // Every method goes to the façade function.
    for (const method of Object.values(resources).filter((r) => r.Type === 'AWS::ApiGateway::Method')) {
      assert.match(JSON.stringify(method.Properties.Integration), /"FacadeLambdaFunction","Arn"/);
    }
  });

  it('throttles the v1 stage and answers 401 with the challenge, 403 and 404 in JSON', () => {
    assertThrottledStage(resources);
    assert.deepEqual(fn('GatewayResponseUnauthorized'), {
      RestApiId: { Ref: 'ApiGatewayRestApi' },
      ResponseType: 'UNAUTHORIZED',
      StatusCode: '401',
      ResponseParameters: { 'gatewayresponse.header.WWW-Authenticate': `'${FACADE_DEPLOY.challenge}'` },
      ResponseTemplates: { 'application/json': FACADE_DEPLOY.unauthorizedBody },
    });
    assert.deepEqual(fn('GatewayResponseAccessDenied').ResponseTemplates, {
      'application/json': FACADE_DEPLOY.accessDeniedBody,
    });
    assert.equal(fn('GatewayResponseNotFound').StatusCode, '404');
    assertAuthorizerErrorResponses(resources);
    assert.equal(
      Object.values(resources).some((r) => r.Type === 'AWS::Events::Rule'),
      false,
      'no warm-up, as in the CDK app',
    );
  });

  it('keeps the database secret to the authorizer: the façade role reads only the state secret', () => {
    assert.deepEqual(fn('FacadeLambdaFunction').Role, { 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] });
    assert.deepEqual(fn('ApiKeyAuthorizerLambdaFunction').Role, { 'Fn::GetAtt': ['AuthorizerRole', 'Arn'] });
    const statements = (role: string) =>
      (fn(role).Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[]).flatMap(
        (policy) => policy.PolicyDocument.Statement,
      );
    const secretReads = (role: string) =>
      statements(role)
        .filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))
        .map((s) => s.Resource);
    assert.deepEqual(secretReads('IamRoleLambdaExecution'), [{ Ref: 'StateSecret' }]);
    assert.deepEqual(statements('AuthorizerRole'), [
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': ['ApiKeyAuthorizerLogGroup', 'Arn'] },
      },
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: DB_ARN },
    ]);
    // The ARN appears in the authorizer's environment and role, nowhere else.
    const mentions = Object.entries(resources)
      .filter(([, resource]) => JSON.stringify(resource).includes(DB_ARN))
      .map(([id]) => id)
      .sort();
    assert.deepEqual(mentions, ['ApiKeyAuthorizerLambdaFunction', 'AuthorizerRole']);
  });

  it('shares its stage-throttle plugin with the task server, byte for byte', () => {
    const plugin = (dir: string) => readFileSync(join(dir, 'stage-throttle.cjs'), 'utf8');
    assert.equal(plugin(FACADE_SERVICE.dir), plugin(TASKS_SERVICE.dir));
  });

  it('passes @aws/cloudformation-validate schema checks (the generated template is plain CloudFormation)', () => {
    assert.deepEqual(schemaProblems(templateText, 'cloudformation-template-update-stack.json'), []);
  });
});
