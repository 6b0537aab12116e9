import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { McpFunction } from './mcp-function.ts';
import { echoBundle, templateOf, testStack } from './synth.fixture.ts';

let bundleDir: string;
before(async () => {
  bundleDir = await echoBundle();
});

describe('McpFunction', () => {
  it('deploys the lambda-mcp build bundle on Node 24, arm64, with JSON logs and the state secret', () => {
    assert.ok(existsSync(join(bundleDir, 'index.mjs')));
    const stack = testStack();
    new McpFunction(stack, 'Echo', { bundleDir });
    const template = templateOf(stack);

    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 1024,
      Timeout: 30,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp('^EchoLogs') } },
      Environment: {
        Variables: {
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'Echo',
          POWERTOOLS_METRICS_NAMESPACE: 'lambda-mcp',
          LAMBDA_MCP_STATE_SECRET_ARN: { Ref: Match.stringLikeRegexp('^EchoStateSecret') },
        },
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
    // The function reads its own secret and nothing else: no `*` resource.
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Effect: 'Allow',
            Resource: { Ref: Match.stringLikeRegexp('^EchoStateSecret') },
          },
        ],
      },
    });
    // The secret's value is never in the template: only its ARN (a Ref) is.
    assert.doesNotMatch(JSON.stringify(template.toJSON()), /"SecretString"/);
    template.resourceCountIs('AWS::Lambda::Alias', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
  });

  it('takes every default as an option', () => {
    const stack = testStack();
    new McpFunction(stack, 'Echo', {
      bundleDir,
      serviceName: 'echo',
      metricsNamespace: 'acme',
      memorySize: 512,
      timeout: Duration.seconds(60),
      architecture: lambda.Architecture.X86_64,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrency: 20,
      environment: { LOG_LEVEL: 'debug' },
      stateSecret: false,
    });
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['x86_64'],
      MemorySize: 512,
      Timeout: 60,
      TracingConfig: { Mode: 'Active' },
      ReservedConcurrentExecutions: 20,
      Environment: {
        Variables: {
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'echo',
          POWERTOOLS_METRICS_NAMESPACE: 'acme',
          LOG_LEVEL: 'debug',
        },
      },
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  it('reports the service and namespace the function really gets when the environment sets them', () => {
    const stack = testStack();
    const fn = new McpFunction(stack, 'Echo', {
      bundleDir,
      serviceName: 'echo',
      environment: { POWERTOOLS_SERVICE_NAME: 'billing', POWERTOOLS_METRICS_NAMESPACE: 'acme' },
    });
    // McpMonitoring reads these: they must name the metrics the function writes.
    assert.equal(fn.serviceName, 'billing');
    assert.equal(fn.metricsNamespace, 'acme');
    templateOf(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'billing',
          POWERTOOLS_METRICS_NAMESPACE: 'acme',
        }),
      },
    });
  });

  it('puts provisioned concurrency on a live alias scaled on utilization, and warms the alias', () => {
    const stack = testStack();
    const fn = new McpFunction(stack, 'Echo', {
      bundleDir,
      provisionedConcurrency: { min: 2, max: 10 },
      warmUp: { schedule: events.Schedule.rate(Duration.minutes(5)) },
    });
    const template = templateOf(stack);
    assert.equal(fn.target, fn.alias);
    template.hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'live',
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 },
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 10,
      ScalableDimension: 'lambda:function:ProvisionedConcurrency',
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 0.7,
        PredefinedMetricSpecification: { PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' },
      },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [{ Arn: { Ref: Match.stringLikeRegexp('^EchoLive') }, Input: '{"warmup":true}' }],
    });
  });

  it('refuses provisioned concurrency it could not deploy as asked, naming the prop', () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        { provisionedConcurrency: { min: 0 } },
        'Echo: provisionedConcurrency.min must be a whole number of at least 1, got 0',
      ],
      [
        { provisionedConcurrency: { min: 1.5 } },
        'Echo: provisionedConcurrency.min must be a whole number of at least 1, got 1.5',
      ],
      [
        { provisionedConcurrency: { min: 5, max: 2 } },
        'Echo: provisionedConcurrency.max (2) must be a whole number no smaller than min (5)',
      ],
      [
        { provisionedConcurrency: { min: 1, max: 4, utilizationTarget: 70 } },
        'Echo: provisionedConcurrency.utilizationTarget must be above 0 and at most 1 (a fraction), got 70',
      ],
      [
        { provisionedConcurrency: { min: 2, utilizationTarget: 0.5 } },
        'Echo: provisionedConcurrency.utilizationTarget needs max above min (without it the amount is fixed and nothing scales)',
      ],
      [
        { provisionedConcurrency: { min: 2, max: 10 }, reservedConcurrency: 5 },
        'Echo: reservedConcurrency (5) is below provisionedConcurrency.max (10): Lambda refuses to provision more than is reserved',
      ],
    ];
    for (const [props, message] of cases) {
      assert.throws(() => new McpFunction(testStack(), 'Echo', { bundleDir, ...props }), { message });
    }
  });

  it('passes a database secret as DATABASE_SECRET_ARN and lets the function read it', async () => {
    const { Secret } = await import('aws-cdk-lib/aws-secretsmanager');
    const stack = testStack();
    const database = Secret.fromSecretCompleteArn(
      stack,
      'Db',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:tasks-db-AbCdEf',
    );
    new McpFunction(stack, 'Echo', { bundleDir, stateSecret: false, databaseSecret: database });
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          DATABASE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:tasks-db-AbCdEf',
        }),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Effect: 'Allow',
            Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:tasks-db-AbCdEf',
          },
        ],
      },
    });
  });

  it('refuses a bundle directory without index.mjs, naming the build command', () => {
    const stack = testStack();
    assert.throws(() => new McpFunction(stack, 'Echo', { bundleDir: '/nonexistent/dist' }), {
      message:
        '/nonexistent/dist/index.mjs does not exist. Build the bundle first: lambda-mcp build <entry> --out /nonexistent/dist',
    });
  });
});

describe('McpFunction in a VPC', () => {
  it('passes the VPC, subnets and security groups through to the function', async () => {
    const ec2 = await import('aws-cdk-lib/aws-ec2');
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const group = new ec2.SecurityGroup(stack, 'Db', { vpc });
    new McpFunction(stack, 'Echo', {
      bundleDir,
      stateSecret: false,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [group],
    });
    templateOf(stack).hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: {
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Db'), 'GroupId'] }],
        SubnetIds: [
          { Ref: Match.stringLikeRegexp('^VpcIsolatedSubnet1') },
          { Ref: Match.stringLikeRegexp('^VpcIsolatedSubnet2') },
        ],
      },
    });
  });

  it('connects through an RDS Proxy: its endpoint in DATABASE_HOST and its port open to the function', async () => {
    const ec2 = await import('aws-cdk-lib/aws-ec2');
    const rds = await import('aws-cdk-lib/aws-rds');
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const database = new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    const proxy = database.addProxy('Proxy', { secrets: [database.secret!], vpc });
    new McpFunction(stack, 'Echo', {
      bundleDir,
      stateSecret: false,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      databaseSecret: database.secret!,
      databaseProxy: proxy,
    });
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          DATABASE_SECRET_ARN: { Ref: Match.stringLikeRegexp('^DbSecretAttachment') },
          DATABASE_HOST: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbProxy'), 'Endpoint'] },
        }),
      },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^EchoFunctionSecurityGroup'), 'GroupId'],
      },
    });
  });

  it('refuses a proxy without the VPC or the secret it needs', async () => {
    const ec2 = await import('aws-cdk-lib/aws-ec2');
    const rds = await import('aws-cdk-lib/aws-rds');
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const database = new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    const proxy = database.addProxy('Proxy', { secrets: [database.secret!], vpc });
    assert.throws(
      () => new McpFunction(stack, 'NoVpc', { bundleDir, stateSecret: false, databaseProxy: proxy }),
      { message: "NoVpc: databaseProxy needs the function in the proxy's vpc" },
    );
    assert.throws(
      () => new McpFunction(stack, 'NoSecret', { bundleDir, stateSecret: false, vpc, databaseProxy: proxy }),
      { message: 'NoSecret: databaseProxy needs databaseSecret (its credentials)' },
    );
  });
});
