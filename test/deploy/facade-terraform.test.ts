// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform interpolations (${…}) are the values under test
/**
 * examples/tasks-facade/deploy/terraform: neither Terraform nor OpenTofu can be installed
 * here, so `terraform validate` does not run. The module is parsed with @cdktf/hcl2json (HCL
 * to JSON, as Terraform reads it), its structure checked against the façade's deploy
 * contract, and every reference checked to name something the module declares.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { FACADE_DEPLOY, SECRET_ARN_PATTERN, secretArnsAccepted } from './tasks-deploy-contract.ts';
import {
  loadTerraformModule,
  type TerraformModule,
  terraformLocals,
  undeclaredReferences,
} from './terraform-module.ts';

const MODULE = join(import.meta.dirname, '..', '..', 'examples', 'tasks-facade', 'deploy', 'terraform');

let tf: TerraformModule;
before(async () => {
  tf = await loadTerraformModule(MODULE);
});

const resource = (type: string, name: string) => tf.resource[type]![name]![0]!;
const locals = () => terraformLocals(tf);
const API = '${aws_api_gateway_rest_api.mcp.id}';

describe('the Terraform module of the tasks façade', () => {
  it('deploys the lambda-mcp build bundles on Node 24 arm64 with JSON logs into their own log groups', () => {
    assert.equal(locals().bundles_dir, '${coalesce(var.bundles_dir, "${path.module}/../../dist")}');
    for (const [name, expected] of [
      ['facade', FACADE_DEPLOY.facade],
      ['authorizer', FACADE_DEPLOY.authorizer],
    ] as const) {
      assert.equal(tf.data.archive_file![name]![0]!.source_dir, `\${local.bundles_dir}/${name}`);
      const fn = resource('aws_lambda_function', name);
      assert.deepEqual(
        [fn.runtime, fn.architectures, fn.handler, fn.memory_size, fn.timeout, fn.filename, fn.role],
        [
          FACADE_DEPLOY.runtime,
          FACADE_DEPLOY.architectures,
          FACADE_DEPLOY.handler,
          expected.memorySize,
          expected.timeout,
          `\${data.archive_file.${name}.output_path}`,
          `\${aws_iam_role.${name}.arn}`,
        ],
      );
      assert.deepEqual(fn.logging_config, [
        { log_format: 'JSON', log_group: `\${aws_cloudwatch_log_group.${name}.name}` },
      ]);
      assert.equal(resource('aws_cloudwatch_log_group', name).retention_in_days, '${var.log_retention_days}');
    }
    assert.deepEqual(locals().common_environment, FACADE_DEPLOY.commonEnvironment);
    assert.equal(tf.variable.log_retention_days![0]!.default, FACADE_DEPLOY.logRetentionDays);
  });

  it('gives the façade the REST API URL and no database credential; the authorizer the database secret', () => {
    const environment = (name: string) =>
      (resource('aws_lambda_function', name).environment as { variables: string }[])[0]!.variables;
    assert.equal(
      environment('facade'),
      '${merge(local.common_environment, {\n      POWERTOOLS_SERVICE_NAME     = "tasks-facade"\n      TASKS_API_URL               = var.tasks_api_url\n      LAMBDA_MCP_STATE_SECRET_ARN = aws_secretsmanager_secret.state.arn\n    })}',
    );
    assert.equal(
      environment('authorizer'),
      '${merge(local.common_environment, {\n      POWERTOOLS_SERVICE_NAME = "tasks-facade-authorizer"\n      DATABASE_SECRET_ARN     = var.database_secret_arn\n    })}',
    );
    // Required (no default), and checked before anything is planned.
    assert.equal(tf.variable.tasks_api_url![0]!.default, undefined);
    assert.equal(tf.variable.database_secret_arn![0]!.default, undefined);
    assert.deepEqual(tf.variable.tasks_api_url![0]!.validation, [
      {
        condition: '${can(regex("^https?://.+", var.tasks_api_url))}',
        error_message: 'tasks_api_url must be an http(s) URL, e.g. https://tasks.example.com.',
      },
    ]);
  });

  it('routes like the constructs on a REST API: every route on its path, ANY /mcp behind the authorizer', () => {
    assert.deepEqual(locals().routes, FACADE_DEPLOY.routes);
    // The resource tree spells each route's path, and resource_ids maps the path to it.
    const paths: Record<string, string> = {};
    const pathOf = (ref: unknown): string => {
      if (ref === '${aws_api_gateway_rest_api.mcp.root_resource_id}') return '';
      const name = /^\$\{aws_api_gateway_resource\.([a-z_]+)\.id\}$/.exec(String(ref))?.[1];
      const node = tf.resource.aws_api_gateway_resource![name!]![0]!;
      assert.equal(node.rest_api_id, API);
      return `${pathOf(node.parent_id)}/${node.path_part as string}`;
    };
    for (const name of Object.keys(tf.resource.aws_api_gateway_resource!))
      paths[pathOf(`\${aws_api_gateway_resource.${name}.id}`)] = `\${aws_api_gateway_resource.${name}.id}`;
    const routePaths = new Set(Object.keys(FACADE_DEPLOY.routes).map((route) => route.split(' ')[1]!));
    assert.deepEqual(
      locals().resource_ids,
      Object.fromEntries(Object.entries(paths).filter(([path]) => routePaths.has(path))),
    );
    assert.deepEqual(Object.keys(locals().resource_ids as object).sort(), [...routePaths].sort());

    const method = resource('aws_api_gateway_method', 'route');
    assert.deepEqual(
      [method.for_each, method.resource_id, method.http_method, method.authorization, method.authorizer_id],
      [
        '${local.routes}',
        '${local.resource_ids[split(" ", each.key)[1]]}',
        '${split(" ", each.key)[0]}',
        '${each.value ? "CUSTOM" : "NONE"}',
        '${each.value ? aws_api_gateway_authorizer.api_key.id : null}',
      ],
    );
    const integration = resource('aws_api_gateway_integration', 'route');
    assert.deepEqual(
      [
        integration.for_each,
        integration.type,
        integration.integration_http_method,
        integration.uri,
        integration.timeout_milliseconds,
      ],
      [
        '${aws_api_gateway_method.route}',
        'AWS_PROXY',
        'POST',
        '${aws_lambda_function.facade.invoke_arn}',
        29000,
      ],
    );
    assert.deepEqual(resource('aws_api_gateway_rest_api', 'mcp').endpoint_configuration, [
      { types: ['REGIONAL'] },
    ]);
  });

  it('has the REQUEST authorizer on x-api-key with caching off, invokable by this API only', () => {
    const authorizer = resource('aws_api_gateway_authorizer', 'api_key');
    assert.deepEqual(
      [
        authorizer.type,
        authorizer.identity_source,
        authorizer.authorizer_result_ttl_in_seconds,
        authorizer.authorizer_uri,
      ],
      [
        'REQUEST',
        `method.request.header.${FACADE_DEPLOY.keyHeader}`,
        FACADE_DEPLOY.authorizerTtl,
        '${aws_lambda_function.authorizer.invoke_arn}',
      ],
    );
    assert.equal(
      resource('aws_lambda_permission', 'authorizer_from_api').source_arn,
      '${aws_api_gateway_rest_api.mcp.execution_arn}/authorizers/${aws_api_gateway_authorizer.api_key.id}',
    );
    assert.equal(
      resource('aws_lambda_permission', 'facade_from_api').source_arn,
      '${aws_api_gateway_rest_api.mcp.execution_arn}/*/*',
    );
  });

  it('answers 401 with the challenge, 403 and 404 in JSON, and redeploys when any of it changes', () => {
    const responses = tf.resource.aws_api_gateway_gateway_response!;
    assert.deepEqual(responses.unauthorized![0], {
      rest_api_id: API,
      response_type: 'UNAUTHORIZED',
      status_code: '401',
      response_parameters: { 'gatewayresponse.header.WWW-Authenticate': `'${FACADE_DEPLOY.challenge}'` },
      response_templates: { 'application/json': FACADE_DEPLOY.unauthorizedBody },
    });
    assert.deepEqual(responses.access_denied![0], {
      rest_api_id: API,
      response_type: 'ACCESS_DENIED',
      status_code: '403',
      response_templates: { 'application/json': FACADE_DEPLOY.accessDeniedBody },
    });
    assert.equal(responses.not_found![0]!.status_code, '404');
    const { authorizerError } = FACADE_DEPLOY;
    assert.deepEqual(responses.authorizer_error![0], {
      for_each: `\${toset(${JSON.stringify(authorizerError.types).replace(/,/g, ', ')})}`,
      rest_api_id: API,
      response_type: '${each.value}',
      status_code: String(authorizerError.status),
      response_parameters: { 'gatewayresponse.header.Retry-After': `'${authorizerError.retryAfter}'` },
      response_templates: { 'application/json': authorizerError.body },
    });
    // A deployment is a snapshot: its trigger must cover every method, integration,
    // authorizer and gateway response, or a change would not reach the stage.
    const deployment = resource('aws_api_gateway_deployment', 'mcp');
    const trigger = (deployment.triggers as { redeployment: string }).redeployment;
    for (const type of [
      'aws_api_gateway_method',
      'aws_api_gateway_integration',
      'aws_api_gateway_authorizer',
      'aws_api_gateway_gateway_response',
    ]) {
      for (const name of Object.keys(tf.resource[type]!))
        assert.ok(trigger.includes(`${type}.${name},`), name);
    }
    assert.deepEqual(deployment.lifecycle, [{ create_before_destroy: true }]);
  });

  it('serves stage v1, throttled', () => {
    const stage = resource('aws_api_gateway_stage', 'v1');
    assert.deepEqual(
      [stage.stage_name, stage.deployment_id],
      [FACADE_DEPLOY.stage, '${aws_api_gateway_deployment.mcp.id}'],
    );
    assert.deepEqual(tf.variable.throttle![0]!.default, {
      rate_limit: FACADE_DEPLOY.throttle.rateLimit,
      burst_limit: FACADE_DEPLOY.throttle.burstLimit,
    });
    const settings = resource('aws_api_gateway_method_settings', 'throttle');
    assert.deepEqual(
      [settings.stage_name, settings.method_path, settings.settings],
      [
        '${aws_api_gateway_stage.v1.stage_name}',
        '*/*',
        [
          {
            throttling_burst_limit: '${var.throttle.burst_limit}',
            throttling_rate_limit: '${var.throttle.rate_limit}',
          },
        ],
      ],
    );
    assert.equal(tf.output.mcp_endpoint![0]!.value, '${aws_api_gateway_stage.v1.invoke_url}/mcp');
  });

  it('keeps the signing key out of the state and grants each function only its own secret and logs', () => {
    assert.deepEqual(tf.ephemeral.random_password!.state![0], { length: 64, special: false });
    const version = resource('aws_secretsmanager_secret_version', 'state');
    assert.equal(version.secret_string_wo, '${ephemeral.random_password.state.result}');
    assert.equal(version.secret_string, undefined);
    const statements = (name: string) =>
      (
        tf.data.aws_iam_policy_document![name]![0]!.statement as { actions: string[]; resources: string[] }[]
      ).map((statement) => [statement.actions, statement.resources]);
    assert.deepEqual(statements('facade'), [
      [['logs:CreateLogStream', 'logs:PutLogEvents'], ['${aws_cloudwatch_log_group.facade.arn}:*']],
      [['secretsmanager:GetSecretValue'], ['${aws_secretsmanager_secret.state.arn}']],
    ]);
    assert.deepEqual(statements('authorizer'), [
      [['logs:CreateLogStream', 'logs:PutLogEvents'], ['${aws_cloudwatch_log_group.authorizer.arn}:*']],
      [['secretsmanager:GetSecretValue'], ['${var.database_secret_arn}']],
    ]);
    // The database secret reaches the authorizer's environment and policy, nothing else.
    const mentions = Object.entries({ ...tf.resource, ...tf.data }).flatMap(([type, blocks]) =>
      Object.entries(blocks)
        .filter(([, block]) => JSON.stringify(block).includes('var.database_secret_arn'))
        .map(([name]) => `${type}.${name}`),
    );
    assert.deepEqual(mentions.sort(), [
      'aws_iam_policy_document.authorizer',
      'aws_lambda_function.authorizer',
    ]);
  });

  it('refers only to what it declares', () => {
    const { missing, checked } = undeclaredReferences(tf);
    assert.deepEqual(missing, []);
    assert.ok(checked > 40, `only ${checked} resource references found`);
  });

  it('takes only a complete Secrets Manager ARN for database_secret_arn (the policies name exactly it)', () => {
    const [validation] = tf.variable.database_secret_arn![0]!.validation as { condition: string }[];
    assert.equal(validation!.condition, `\${can(regex("${SECRET_ARN_PATTERN}", var.database_secret_arn))}`);
    assert.deepEqual(secretArnsAccepted(SECRET_ARN_PATTERN), { complete: true, partial: false, name: false });
  });
});
