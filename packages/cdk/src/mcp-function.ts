import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { McpStateSecret } from './mcp-state-secret.ts';

/** Provisioned concurrency on the `live` alias, scaled between `min` and `max` on utilization. */
export interface ProvisionedConcurrencyOptions {
  min: number;
  /** Default `min`: a fixed amount, no auto-scaling. */
  max?: number;
  /** Utilization the scaling keeps, a fraction above 0 and at most 1 (default 0.7); needs `max` above `min`. */
  utilizationTarget?: number;
}

export interface McpFunctionProps {
  /**
   * The directory `lambda-mcp build --out <dir>` wrote (`index.mjs` and its map). The
   * construct deploys that bundle as it is: one set of esbuild options (the CLI's), the
   * same artifact SAM, Serverless and Terraform deploy. Ignored when `code` is given.
   */
  bundleDir?: string;
  /** Any other code (an S3 object, a container image is not supported: handler is a file). */
  code?: lambda.Code;
  /** Default `index.handler` (the CLI writes `index.mjs`). */
  handler?: string;
  /** Default Node.js 24 (`nodejs24.x`). */
  runtime?: lambda.Runtime;
  /** Default arm64: the bundle is plain JavaScript, and Graviton is ~20 % cheaper per GB-second. */
  architecture?: lambda.Architecture;
  /** Default 1024 MB: CPU scales with memory, and cold starts with CPU. */
  memorySize?: number;
  /**
   * Default 30 s. API Gateway cuts a buffered REST integration at 29 s and an HTTP API one at
   * 30 s: behind a buffered `McpRestApi` give 29 s or less, behind `McpHttpApi` at most 30 s
   * (both warn otherwise), so the function's TIMEOUT answer comes before API Gateway's 504.
   * Raise it only for a streaming Function URL or REST stream, whose limit is the function's.
   */
  timeout?: Duration;
  /** Added to (and overriding) the defaults: `NODE_OPTIONS`, `POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_METRICS_NAMESPACE`. */
  environment?: Record<string, string>;
  /**
   * The `service` dimension of the EMF metrics and the log's service (default: the construct
   * id). `environment.POWERTOOLS_SERVICE_NAME`, when set, takes precedence.
   */
  serviceName?: string;
  /**
   * CloudWatch namespace of the EMF metrics (default `lambda-mcp`, the framework's).
   * `environment.POWERTOOLS_METRICS_NAMESPACE`, when set, takes precedence.
   */
  metricsNamespace?: string;
  /** Default one month. */
  logRetention?: logs.RetentionDays;
  /** Default JSON: Lambda's own lines (START, REPORT) become JSON like ours. */
  loggingFormat?: lambda.LoggingFormat;
  /** Default off (X-Ray costs per trace). */
  tracing?: lambda.Tracing;
  /** Hard cap on concurrent environments (default none: the account's pool). */
  reservedConcurrency?: number;
  /** Provisioned concurrency on a `live` alias; exposures then point at the alias. */
  provisionedConcurrency?: ProvisionedConcurrencyOptions;
  /** A schedule that sends `{"warmup": true}` (answered before any MCP code runs). Default none. */
  warmUp?: { schedule: events.Schedule };
  /**
   * The MRTR `requestState` signing secret: by default a generated Secrets Manager secret
   * whose ARN is passed as `LAMBDA_MCP_STATE_SECRET_ARN`, read on first use. Pass a secret
   * to share one between functions, or `false` for none (a random per-instance secret).
   */
  stateSecret?: secretsmanager.ISecret | false;
  /** A database secret: its ARN goes in `DATABASE_SECRET_ARN` and the function may read it. */
  databaseSecret?: secretsmanager.ISecret;
  /**
   * An RDS Proxy in front of the database: the function connects to its endpoint
   * (`DATABASE_HOST`) with the database secret's credentials, and may reach its port.
   * A Lambda fleet opens one connection per execution environment; the proxy pools them.
   * Needs `vpc`, and `databaseSecret` registered with the proxy.
   */
  databaseProxy?: rds.DatabaseProxy;
  /** The database port the proxy listens on (default 5432, Postgres). */
  databasePort?: number;
  vpc?: ec2.IVpc;
  vpcSubnets?: ec2.SubnetSelection;
  securityGroups?: ec2.ISecurityGroup[];
  /** Anything else, applied last (e.g. `description`, `ephemeralStorageSize`). */
  functionProps?: Partial<lambda.FunctionProps>;
}

/** A Lambda function running a lambda-mcp bundle, with the defaults an MCP server wants. */
export class McpFunction extends Construct {
  readonly function: lambda.Function;
  /** The `live` alias when provisioned concurrency is on. */
  readonly alias: lambda.Alias | undefined;
  /** What exposures and schedules invoke: the alias when there is one, else the function. */
  readonly target: lambda.IFunction;
  readonly serviceName: string;
  readonly metricsNamespace: string;
  readonly stateSecret: secretsmanager.ISecret | undefined;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: McpFunctionProps) {
    super(scope, id);
    // An `environment` entry wins over the props (it is what the function reads), so the
    // names McpMonitoring watches come from the same place.
    this.serviceName = props.environment?.POWERTOOLS_SERVICE_NAME ?? props.serviceName ?? id;
    this.metricsNamespace =
      props.environment?.POWERTOOLS_METRICS_NAMESPACE ?? props.metricsNamespace ?? 'lambda-mcp';
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    this.stateSecret =
      props.stateSecret === false
        ? undefined
        : (props.stateSecret ?? new McpStateSecret(this, 'StateSecret').secret);

    const environment: Record<string, string> = {
      // The CLI writes a source map beside the bundle: stack traces point at the sources.
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: this.serviceName,
      POWERTOOLS_METRICS_NAMESPACE: this.metricsNamespace,
    };
    if (this.stateSecret) environment.LAMBDA_MCP_STATE_SECRET_ARN = this.stateSecret.secretArn;
    if (props.databaseSecret) environment.DATABASE_SECRET_ARN = props.databaseSecret.secretArn;
    if (props.databaseProxy) {
      if (!props.vpc) throw new Error(`${id}: databaseProxy needs the function in the proxy's vpc`);
      if (!props.databaseSecret)
        throw new Error(`${id}: databaseProxy needs databaseSecret (its credentials)`);
      environment.DATABASE_HOST = props.databaseProxy.endpoint;
    }

    this.function = new lambda.Function(this, 'Function', {
      code: props.code ?? bundleCode(props.bundleDir),
      handler: props.handler ?? 'index.handler',
      runtime: props.runtime ?? lambda.Runtime.NODEJS_24_X,
      architecture: props.architecture ?? lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(30),
      environment: { ...environment, ...props.environment },
      logGroup: this.logGroup,
      loggingFormat: props.loggingFormat ?? lambda.LoggingFormat.JSON,
      tracing: props.tracing,
      reservedConcurrentExecutions: props.reservedConcurrency,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
      ...props.functionProps,
    });
    this.stateSecret?.grantRead(this.function);
    props.databaseSecret?.grantRead(this.function);
    // The proxy's port, from this function's security group (password auth: no rds-db:connect grant).
    props.databaseProxy?.connections.allowFrom(
      this.function,
      ec2.Port.tcp(props.databasePort ?? 5432),
      'lambda-mcp function',
    );

    if (props.provisionedConcurrency) {
      checkProvisionedConcurrency(id, props.provisionedConcurrency, props.reservedConcurrency);
    }
    this.alias = props.provisionedConcurrency
      ? provisionedAlias(this, this.function, props.provisionedConcurrency)
      : undefined;
    this.target = this.alias ?? this.function;

    if (props.warmUp) {
      new events.Rule(this, 'WarmUp', {
        schedule: props.warmUp.schedule,
        description: `Keeps ${this.serviceName} warm (the adapter answers {"warmup":true} before any MCP code)`,
        targets: [
          new targets.LambdaFunction(this.target, {
            event: events.RuleTargetInput.fromObject({ warmup: true }),
          }),
        ],
      });
    }
  }
}

function bundleCode(bundleDir: string | undefined): lambda.Code {
  if (bundleDir === undefined) throw new Error('McpFunction needs bundleDir (or code)');
  const dir = resolve(bundleDir);
  // Checked at synth time: an empty or stale asset would deploy a function that cannot start.
  if (!existsSync(join(dir, 'index.mjs'))) {
    throw new Error(
      `${join(dir, 'index.mjs')} does not exist. Build the bundle first: lambda-mcp build <entry> --out ${bundleDir}`,
    );
  }
  return lambda.Code.fromAsset(dir);
}

/**
 * Refuses what would fail at deploy (fewer than one environment, more than is reserved) or
 * be silently ignored (max below min, a utilization target on a fixed amount).
 */
function checkProvisionedConcurrency(
  id: string,
  options: ProvisionedConcurrencyOptions,
  reservedConcurrency: number | undefined,
): void {
  const { min, utilizationTarget } = options;
  if (!Number.isInteger(min) || min < 1) {
    throw new Error(`${id}: provisionedConcurrency.min must be a whole number of at least 1, got ${min}`);
  }
  const max = options.max ?? min;
  if (!Number.isInteger(max) || max < min) {
    throw new Error(
      `${id}: provisionedConcurrency.max (${max}) must be a whole number no smaller than min (${min})`,
    );
  }
  if (utilizationTarget !== undefined) {
    if (!(utilizationTarget > 0 && utilizationTarget <= 1)) {
      throw new Error(
        `${id}: provisionedConcurrency.utilizationTarget must be above 0 and at most 1 (a fraction), got ${utilizationTarget}`,
      );
    }
    if (max === min) {
      throw new Error(
        `${id}: provisionedConcurrency.utilizationTarget needs max above min (without it the amount is fixed and nothing scales)`,
      );
    }
  }
  if (reservedConcurrency !== undefined && reservedConcurrency < max) {
    throw new Error(
      `${id}: reservedConcurrency (${reservedConcurrency}) is below provisionedConcurrency.max (${max}): Lambda refuses to provision more than is reserved`,
    );
  }
}

function provisionedAlias(
  scope: Construct,
  fn: lambda.Function,
  options: ProvisionedConcurrencyOptions,
): lambda.Alias {
  const alias = new lambda.Alias(scope, 'Live', {
    aliasName: 'live',
    version: fn.currentVersion,
    provisionedConcurrentExecutions: options.min,
  });
  const max = options.max ?? options.min;
  if (max > options.min) {
    const scaling = alias.addAutoScaling({ minCapacity: options.min, maxCapacity: max });
    scaling.scaleOnUtilization({ utilizationTarget: options.utilizationTarget ?? 0.7 });
  }
  return alias;
}
