// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform interpolations (${…}) are the values under test
/**
 * examples/tasks/deploy/terraform: neither Terraform nor OpenTofu can be installed here, so
 * `terraform validate` does not run. The module is parsed with @cdktf/hcl2json (HCL to JSON,
 * as Terraform reads it), its structure checked against the deploy contract, and every
 * reference checked to name something the module declares.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { SECRET_ARN_PATTERN, secretArnsAccepted, TASKS_DEPLOY } from './tasks-deploy-contract.ts';
import {
  loadTerraformModule,
  type TerraformModule,
  terraformLocals,
  undeclaredReferences,
} from './terraform-module.ts';

const MODULE = join(import.meta.dirname, '..', '..', 'examples', 'tasks', 'deploy', 'terraform');

let tf: TerraformModule;
before(async () => {
  tf = await loadTerraformModule(MODULE);
});

const resource = (type: string, name: string) => tf.resource[type]![name]![0]!;
const locals = () => terraformLocals(tf);

describe('the Terraform module of the task server', () => {
  it('deploys the lambda-mcp build bundles on Node 24 arm64 with JSON logs into their own log groups', () => {
    assert.equal(locals().bundles_dir, '${coalesce(var.bundles_dir, "${path.module}/../../dist")}');
    for (const [name, expected] of [
      ['server', TASKS_DEPLOY.server],
      ['authorizer', TASKS_DEPLOY.authorizer],
    ] as const) {
      assert.equal(tf.data.archive_file![name]![0]!.source_dir, `\${local.bundles_dir}/${name}`);
      const fn = resource('aws_lambda_function', name);
      assert.deepEqual(
        [fn.runtime, fn.architectures, fn.handler, fn.memory_size, fn.timeout, fn.filename],
        [
          TASKS_DEPLOY.runtime,
          TASKS_DEPLOY.architectures,
          TASKS_DEPLOY.handler,
          expected.memorySize,
          expected.timeout,
          `\${data.archive_file.${name}.output_path}`,
        ],
      );
      assert.deepEqual(fn.logging_config, [
        { log_format: 'JSON', log_group: `\${aws_cloudwatch_log_group.${name}.name}` },
      ]);
      assert.equal(resource('aws_cloudwatch_log_group', name).retention_in_days, '${var.log_retention_days}');
    }
    assert.deepEqual(locals().common_environment, {
      ...TASKS_DEPLOY.commonEnvironment,
      DATABASE_SECRET_ARN: '${var.database_secret_arn}',
    });
    assert.equal(tf.variable.log_retention_days![0]!.default, TASKS_DEPLOY.logRetentionDays);
  });

  it('routes like the constructs, with the REQUEST authorizer on the key header and caching off', () => {
    assert.deepEqual(locals().routes, TASKS_DEPLOY.routes);
    const route = resource('aws_apigatewayv2_route', 'mcp');
    assert.equal(route.for_each, '${local.routes}');
    assert.equal(route.authorization_type, '${each.value ? "CUSTOM" : "NONE"}');
    assert.equal(route.authorizer_id, '${each.value ? aws_apigatewayv2_authorizer.api_key.id : null}');
    const authorizer = resource('aws_apigatewayv2_authorizer', 'api_key');
    assert.deepEqual(
      [
        authorizer.authorizer_type,
        authorizer.identity_sources,
        authorizer.authorizer_result_ttl_in_seconds,
        authorizer.authorizer_payload_format_version,
        authorizer.enable_simple_responses,
      ],
      ['REQUEST', [`$request.header.${TASKS_DEPLOY.keyHeader}`], TASKS_DEPLOY.authorizerTtl, '2.0', true],
    );
  });

  it('throttles the stage and warms the function', () => {
    assert.deepEqual(tf.variable.throttle![0]!.default, {
      rate_limit: TASKS_DEPLOY.throttle.rateLimit,
      burst_limit: TASKS_DEPLOY.throttle.burstLimit,
    });
    assert.deepEqual(resource('aws_apigatewayv2_stage', 'default').default_route_settings, [
      {
        throttling_burst_limit: '${var.throttle.burst_limit}',
        throttling_rate_limit: '${var.throttle.rate_limit}',
      },
    ]);
    assert.equal(
      resource('aws_cloudwatch_event_rule', 'warm_up').schedule_expression,
      TASKS_DEPLOY.warmUp.schedule,
    );
    assert.equal(
      resource('aws_cloudwatch_event_target', 'warm_up').input,
      '${jsonencode({ warmup = true })}',
    );
  });

  it('keeps the generated signing key out of the state and grants each function only its secrets and logs', () => {
    assert.deepEqual(tf.ephemeral.random_password!.state![0], { length: 64, special: false });
    const version = resource('aws_secretsmanager_secret_version', 'state');
    assert.equal(version.secret_string_wo, '${ephemeral.random_password.state.result}');
    assert.equal(version.secret_string, undefined);
    const statements = (name: string) =>
      (
        tf.data.aws_iam_policy_document![name]![0]!.statement as { actions: string[]; resources: string[] }[]
      ).map((statement) => [statement.actions, statement.resources]);
    assert.deepEqual(statements('server'), [
      [['logs:CreateLogStream', 'logs:PutLogEvents'], ['${aws_cloudwatch_log_group.server.arn}:*']],
      [
        ['secretsmanager:GetSecretValue'],
        ['${var.database_secret_arn}', '${aws_secretsmanager_secret.state.arn}'],
      ],
    ]);
    assert.deepEqual(statements('authorizer'), [
      [['logs:CreateLogStream', 'logs:PutLogEvents'], ['${aws_cloudwatch_log_group.authorizer.arn}:*']],
      [['secretsmanager:GetSecretValue'], ['${var.database_secret_arn}']],
    ]);
    assert.equal(
      (resource('aws_lambda_function', 'server').environment as { variables: string }[])[0]!.variables,
      '${merge(local.common_environment, {\n      POWERTOOLS_SERVICE_NAME     = "tasks"\n      LAMBDA_MCP_STATE_SECRET_ARN = aws_secretsmanager_secret.state.arn\n    })}',
    );
  });

  it('refers only to what it declares', () => {
    const { missing, checked } = undeclaredReferences(tf);
    assert.deepEqual(missing, []);
    assert.ok(checked > 30, `only ${checked} resource references found`);
  });

  it('takes only a complete Secrets Manager ARN for database_secret_arn (the policies name exactly it)', () => {
    const [validation] = tf.variable.database_secret_arn![0]!.validation as { condition: string }[];
    assert.equal(validation!.condition, `\${can(regex("${SECRET_ARN_PATTERN}", var.database_secret_arn))}`);
    assert.deepEqual(secretArnsAccepted(SECRET_ARN_PATTERN), { complete: true, partial: false, name: false });
  });
});
