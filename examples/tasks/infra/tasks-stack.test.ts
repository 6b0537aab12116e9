import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { bundleAll } from './bundle.ts';
import { type TasksExposure, TasksStack } from './tasks-stack.ts';

const dir = mkdtempSync(join(tmpdir(), 'tasks-infra-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const bundlesDir = join(dir, 'dist');

before(() => bundleAll(bundlesDir, true));

/** The stack as `tasks-app.ts` makes it, synthesized in-process with no lookups. */
function synth(exposure: TasksExposure, databaseSecretArn?: string) {
  const app = new App({ outdir: join(dir, `out-${exposure}`), builtinCloudFormationValidation: false });
  const stack = new TasksStack(app, 'Tasks', { exposure, bundlesDir, databaseSecretArn });
  const assembly = app.synth();
  return { template: Template.fromStack(stack), assetDir: assetDirOf(assembly.directory) };
}

/** Asset directory (in the cloud assembly) -> the bytes of its index.mjs. */
function assetDirOf(outdir: string): Map<string, string> {
  const assets = new Map<string, string>();
  for (const entry of readdirSync(outdir)) {
    if (entry.startsWith('asset.')) assets.set(entry, readFileSync(join(outdir, entry, 'index.mjs'), 'utf8'));
  }
  return assets;
}

const bundleOf = (name: string) => readFileSync(join(bundlesDir, name, 'index.mjs'), 'utf8');
const DB_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:tasks-db-AbCdEf';

describe('the tasks CDK app, REST API (default)', () => {
  it('deploys the lambda-mcp build bundles of handler.ts and authorizer.ts on Node 24 arm64', () => {
    const { template, assetDir } = synth('rest', DB_ARN);
    assert.deepEqual([...assetDir.values()].sort(), [bundleOf('authorizer'), bundleOf('server')].sort());
    const functions = template.findResources('AWS::Lambda::Function');
    assert.equal(Object.keys(functions).length, 2);
    for (const fn of Object.values(functions)) {
      assert.equal(fn.Properties.Runtime, 'nodejs24.x');
      assert.deepEqual(fn.Properties.Architectures, ['arm64']);
      assert.equal(fn.Properties.Handler, 'index.handler');
      assert.equal(fn.Properties.Environment.Variables.DATABASE_SECRET_ARN, DB_ARN);
      assert.equal(fn.Properties.Environment.Variables.TASKS_API_KEYS, undefined);
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'tasks',
          LAMBDA_MCP_STATE_SECRET_ARN: { Ref: Match.stringLikeRegexp('^ServerStateSecret') },
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 512,
      Timeout: 10,
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'tasks-authorizer' }) },
    });
  });

  it('puts the authorizer on ANY /v1/mcp with the x-api-key identity and no caching, and the 401 challenge', () => {
    const { template } = synth('rest', DB_ARN);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.x-api-key',
      AuthorizerResultTtlInSeconds: 0,
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'ANY',
      AuthorizationType: 'CUSTOM',
    });
    template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'v1' });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      ResponseParameters: { 'gatewayresponse.header.WWW-Authenticate': `'ApiKey header="x-api-key"'` },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Input: '{"warmup":true}' })],
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    template.resourceCountIs('AWS::Lambda::Url', 0);
  });

  it('makes a database secret to fill in when none is given, readable by both functions only', () => {
    const { template } = synth('rest');
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description:
        'The task database: a postgres:// URL or the JSON secret RDS generates. Put its value before the first request.',
    });
    const readers = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('"Ref":"Database'),
    );
    assert.equal(readers.length, 2);
  });
});

describe('the tasks CDK app, streaming Function URL (-c exposure=function-url)', () => {
  it('streams from streaming-handler.ts with keys checked in the function, and no API Gateway', () => {
    const { template, assetDir } = synth('function-url', DB_ARN);
    assert.deepEqual([...assetDir.values()], [bundleOf('streaming')]);
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', InvokeMode: 'RESPONSE_STREAM' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 120,
      Environment: {
        Variables: Match.objectLike({ TASKS_API_KEYS: 'required', DATABASE_SECRET_ARN: DB_ARN }),
      },
    });
    assert.deepEqual(
      Object.keys(template.toJSON().Resources as object).filter((id) => /Api/.test(id)),
      [],
    );
  });
});

describe('the tasks CDK app, HTTP API (-c exposure=http-api)', () => {
  it('puts the same authorizer on ANY /mcp of an HTTP API, as deploy/terraform does', () => {
    const { template, assetDir } = synth('http-api', DB_ARN);
    assert.deepEqual([...assetDir.values()].sort(), [bundleOf('authorizer'), bundleOf('server')].sort());
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      IdentitySource: ['$request.header.x-api-key'],
      AuthorizerResultTtlInSeconds: 0,
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'ANY /mcp',
      AuthorizationType: 'CUSTOM',
    });
    template.resourceCountIs('AWS::ApiGateway::RestApi', 0);
  });
});
