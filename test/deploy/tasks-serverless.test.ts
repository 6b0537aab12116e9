/**
 * examples/tasks/deploy/serverless: `serverless package` (serverless@3, fully offline, no
 * credentials) on the bundles `lambda-mcp build` made, and the CloudFormation it generates
 * checked against the deploy contract. Telemetry and notifications are off.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { schemaProblems } from './schema-problems.ts';
import { runServerless, serverlessService, TASKS_SERVICE } from './serverless-service.ts';
import {
  assertAuthorizerErrorResponses,
  assertThrottledStage,
  restApiRoutes,
  TASKS_DEPLOY,
} from './tasks-deploy-contract.ts';

const DB_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:tasks-db-AbCdEf';
const out = mkdtempSync(join(tmpdir(), 'tasks-sls-package-'));
const service = serverlessService(TASKS_SERVICE);
after(() => {
  rmSync(out, { recursive: true, force: true });
  service.remove();
});

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
let resources: Resources;

before(async () => {
  await runServerless(service.dir, ['package', '--package', out, `--param=databaseSecretArn=${DB_ARN}`]);
  resources = (
    JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as {
      Resources: Resources;
    }
  ).Resources;
});

const fn = (id: string) => resources[id]!.Properties;

describe('serverless.yml of the task server', () => {
  it('deploys the lambda-mcp build bundles on Node 24 arm64, with JSON logs', () => {
    for (const [id, expected] of [
      ['McpLambdaFunction', TASKS_DEPLOY.server],
      ['ApiKeyAuthorizerLambdaFunction', TASKS_DEPLOY.authorizer],
    ] as const) {
      const props = fn(id);
      assert.deepEqual(
        [props.Runtime, props.Architectures, props.MemorySize, props.Timeout, props.LoggingConfig],
        [
          TASKS_DEPLOY.runtime,
          TASKS_DEPLOY.architectures,
          expected.memorySize,
          expected.timeout,
          { LogFormat: 'JSON' },
        ],
      );
      const variables = (props.Environment as { Variables: Record<string, unknown> }).Variables;
      assert.equal(variables.POWERTOOLS_SERVICE_NAME, expected.service);
      assert.equal(variables.DATABASE_SECRET_ARN, DB_ARN);
      assert.equal(variables.NODE_OPTIONS, TASKS_DEPLOY.commonEnvironment.NODE_OPTIONS);
    }
    assert.equal(fn('McpLambdaFunction').Handler, 'dist/server/index.handler');
    assert.deepEqual((fn('McpLambdaFunction').Environment as { Variables: object }).Variables, {
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_METRICS_NAMESPACE: 'lambda-mcp',
      DATABASE_SECRET_ARN: DB_ARN,
      POWERTOOLS_SERVICE_NAME: 'tasks',
      LAMBDA_MCP_STATE_SECRET_ARN: { Ref: 'StateSecret' },
    });
    assert.deepEqual(fn('McpLogGroup').RetentionInDays, TASKS_DEPLOY.logRetentionDays);
  });

  it('packages each function with only its bundle, byte for byte', async () => {
    const { stdout } = await promisify(execFile)('unzip', ['-l', join(out, 'mcp.zip')]);
    assert.deepEqual(
      stdout.split('\n').flatMap((line) => /\s(dist\/\S+)$/.exec(line)?.[1] ?? []),
      ['dist/server/index.mjs', 'dist/server/index.mjs.map'],
    );
    const { stdout: code } = await promisify(execFile)(
      'unzip',
      ['-p', join(out, 'mcp.zip'), 'dist/server/index.mjs'],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    assert.equal(code, readFileSync(join(service.dir, 'dist', 'server', 'index.mjs'), 'utf8'));
  });

  it('makes a regional REST API, as the constructs, SAM and Terraform do (Serverless defaults to EDGE)', () => {
    assert.deepEqual(fn('ApiGatewayRestApi').EndpointConfiguration, { Types: [TASKS_DEPLOY.endpointType] });
  });

  it('routes like the constructs: ANY /mcp behind the authorizer, the rest open', () => {
    assert.deepEqual(restApiRoutes(resources), TASKS_DEPLOY.routes);
    const authorizers = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGateway::Authorizer');
    assert.deepEqual(
      authorizers.map((a) => [
        a.Properties.Type,
        a.Properties.IdentitySource,
        a.Properties.AuthorizerResultTtlInSeconds,
      ]),
      [['REQUEST', `method.request.header.${TASKS_DEPLOY.keyHeader}`, TASKS_DEPLOY.authorizerTtl]],
    );
  });

  it('throttles the v1 stage, answers 401 with the challenge, and warms the function', () => {
    assertThrottledStage(resources);
    assert.deepEqual(fn('GatewayResponseUnauthorized'), {
      RestApiId: { Ref: 'ApiGatewayRestApi' },
      ResponseType: 'UNAUTHORIZED',
      StatusCode: '401',
      ResponseParameters: { 'gatewayresponse.header.WWW-Authenticate': `'${TASKS_DEPLOY.challenge}'` },
      ResponseTemplates: { 'application/json': TASKS_DEPLOY.unauthorizedBody },
    });
    assertAuthorizerErrorResponses(resources);
    const rule = Object.values(resources).find((r) => r.Type === 'AWS::Events::Rule')!;
    assert.equal(rule.Properties.ScheduleExpression, TASKS_DEPLOY.warmUp.schedule);
    assert.equal((rule.Properties.Targets as { Input: string }[])[0]!.Input, TASKS_DEPLOY.warmUp.input);
  });

  it('lets the server read exactly the database and state secrets, the authorizer only the database', () => {
    const policy = (
      fn('IamRoleLambdaExecution').Policies as { PolicyDocument: { Statement: object[] } }[]
    )[0]!;
    assert.deepEqual(policy.PolicyDocument.Statement.at(-1), {
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: [DB_ARN, { Ref: 'StateSecret' }],
    });
    // Serverless shares one role among the functions: the authorizer signs nothing, so it has
    // a role of its own without the state secret (as in the SAM, Terraform and CDK versions).
    assert.deepEqual(fn('McpLambdaFunction').Role, { 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] });
    assert.deepEqual(fn('ApiKeyAuthorizerLambdaFunction').Role, { 'Fn::GetAtt': ['AuthorizerRole', 'Arn'] });
    assert.deepEqual(
      (fn('AuthorizerRole').Policies as { PolicyDocument: { Statement: object[] } }[]).flatMap(
        (p) => p.PolicyDocument.Statement,
      ),
      [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': ['ApiKeyAuthorizerLogGroup', 'Arn'] },
        },
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: DB_ARN },
      ],
    );
    assert.deepEqual(fn('StateSecret').GenerateSecretString, {
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
  });

  it('passes @aws/cloudformation-validate schema checks (the generated template is plain CloudFormation)', () => {
    const text = readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8');
    assert.deepEqual(schemaProblems(text, 'cloudformation-template-update-stack.json'), []);
  });
});
