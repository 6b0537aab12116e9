/**
 * The deploy files of every `lambda-mcp init` template (packages/cli/templates/<name>; the
 * openapi template's as `init --template openapi` fills them in for the tasks REST API):
 * template.yaml (SAM), serverless.yml, infra/ (CDK) and terraform/, each pointing at the
 * bundle the template's `npm run build` makes with `lambda-mcp build`. Checked the same way
 * as the task server's: SAM parsed with CloudFormation tags plus the offline schema
 * validator, `serverless package` run offline, the CDK stack synthesized in-process, the
 * Terraform module parsed with @cdktf/hcl2json (`terraform validate` cannot run here).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parse } from '@cdktf/hcl2json';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { runBinary } from '../../packages/cli/test/run-binary.ts';
import { parseCloudFormationYaml } from './cloudformation-yaml.ts';
import { lambdaMcpBuild } from './lambda-mcp-build.ts';
import { schemaProblems } from './schema-problems.ts';
import { SERVERLESS, SERVERLESS_ENV } from './serverless-service.ts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const TEMPLATES = join(REPO_ROOT, 'packages', 'cli', 'templates');
const work = mkdtempSync(join(tmpdir(), 'init-deploy-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** What each template's function needs beyond the common settings. */
const EXPECTED = {
  weather: { service: 'weather', external: [] as string[], tables: false, environment: {} },
  tasks: { service: 'tasks', external: ['@aws-sdk/*'], tables: true, environment: {} },
  openapi: {
    service: 'openapi-mcp',
    external: [] as string[],
    tables: false,
    environment: { UPSTREAM_URL: { Ref: 'UpstreamUrl' } },
  },
} as const;
type Name = keyof typeof EXPECTED;

// The templates' deploy names are placeholders (each project deploys under its own name), and
// the openapi template has no document of its own: what is checked is a project made from each.
const generated = new Map<Name, string>();
for (const [name, extra] of [
  ['weather', []],
  ['tasks', []],
  [
    'openapi',
    [
      '--spec',
      join(REPO_ROOT, 'examples', 'tasks-facade', 'openapi.json'),
      '--upstream',
      'https://tasks.example.com',
    ],
  ],
] as const) {
  const project = join(work, 'generated', `${name}-mcp`);
  const init = await runBinary(['init', project, '--template', name, ...extra, '--no-install']);
  if (init.code !== 0) throw new Error(`lambda-mcp init --template ${name} failed:\n${init.stderr}`);
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
  generated.set(name, project);
}
const sourceOf = (name: Name) => generated.get(name)!;

assert.deepEqual(
  readdirSync(TEMPLATES).sort(),
  Object.keys(EXPECTED).sort(),
  'a template without deploy checks',
);

/** Per template: a service directory with the template's serverless.yml and its bundle in dist/. */
const projects = new Map<
  Name,
  {
    dir: string;
    cloudFormation: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    templateText: string;
  }
>();

before(async () => {
  await Promise.all(
    (Object.keys(EXPECTED) as Name[]).map(async (name) => {
      const dir = join(work, name);
      mkdirSync(dir);
      // The template's `npm run build`: lambda-mcp build src/handler.ts [--external …] -> dist/index.mjs.
      await lambdaMcpBuild(join(sourceOf(name), 'src', 'handler.ts'), join(dir, 'dist'), {
        external: EXPECTED[name].external,
      });
      copyFileSync(join(sourceOf(name), 'serverless.yml'), join(dir, 'serverless.yml'));
      symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      const out = join(dir, '.serverless-package');
      await promisify(execFile)(SERVERLESS, ['package', '--package', out], {
        cwd: dir,
        env: { ...process.env, ...SERVERLESS_ENV },
      });
      const templateText = readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8');
      projects.set(name, { dir, templateText, cloudFormation: JSON.parse(templateText).Resources });
    }),
  );
});

for (const name of Object.keys(EXPECTED) as Name[]) {
  const expected = EXPECTED[name];
  const templateDir = sourceOf(name);

  describe(`the ${name} template's deploy files`, () => {
    it('SAM: the build bundle on Node 24 arm64 behind a public Function URL, warmed, with its secret and tables', () => {
      const text = readFileSync(join(templateDir, 'template.yaml'), 'utf8');
      const { Resources } = parseCloudFormationYaml(text);
      const fn = Resources.McpFunction!.Properties;
      assert.deepEqual(
        [fn.CodeUri, fn.Handler, fn.Runtime, fn.Architectures, fn.LoggingConfig, fn.FunctionUrlConfig],
        [
          'dist/',
          'index.handler',
          'nodejs24.x',
          ['arm64'],
          // A group the stack creates before the function, named by CloudFormation: see tasks-sam.test.ts.
          { LogFormat: 'JSON', LogGroup: { Ref: 'McpLogGroup' } },
          { AuthType: 'NONE', InvokeMode: 'BUFFERED' },
        ],
      );
      assert.deepEqual(Resources.McpLogGroup!.Properties, { RetentionInDays: 30 });
      assert.deepEqual((fn.Environment as { Variables: object }).Variables, {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: expected.service,
        POWERTOOLS_METRICS_NAMESPACE: 'lambda-mcp',
        LAMBDA_MCP_STATE_SECRET_ARN: { Ref: 'StateSecret' },
        ...(expected.tables
          ? { TASKS_TABLE: { Ref: 'TasksTable' }, API_KEYS_TABLE: { Ref: 'ApiKeysTable' } }
          : {}),
        ...expected.environment,
      });
      assert.deepEqual((fn.Events as Record<string, unknown>).WarmUp, {
        Type: 'Schedule',
        Properties: { Schedule: 'rate(5 minutes)', Input: '{"warmup":true}' },
      });
      assert.deepEqual(Resources.McpFunctionUrlInvokePermission!.Properties, {
        Action: 'lambda:InvokeFunction',
        FunctionName: { Ref: 'McpFunction' },
        Principal: '*',
        InvokedViaFunctionUrl: true,
      });
      assert.equal(Resources.TasksTable !== undefined, expected.tables);
      if (expected.tables) {
        assert.deepEqual((fn.Policies as object[])[1], {
          Statement: [
            {
              Effect: 'Allow',
              Action: ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
              Resource: { 'Fn::GetAtt': ['TasksTable', 'Arn'] },
            },
            {
              Effect: 'Allow',
              Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
              Resource: { 'Fn::GetAtt': ['ApiKeysTable', 'Arn'] },
            },
          ],
        });
      }
      assert.deepEqual(schemaProblems(text, 'template.yaml'), []);
    });

    it('serverless.yml: packages only the build bundle, byte for byte, as the same function', async () => {
      const project = projects.get(name)!;
      const fn = project.cloudFormation.McpLambdaFunction!.Properties;
      assert.deepEqual(
        [fn.Handler, fn.Runtime, fn.Architectures, fn.MemorySize, fn.Timeout, fn.LoggingConfig],
        ['dist/index.handler', 'nodejs24.x', ['arm64'], 1024, 30, { LogFormat: 'JSON' }],
      );
      const url = Object.values(project.cloudFormation).find((r) => r.Type === 'AWS::Lambda::Url')!;
      assert.equal(url.Properties.AuthType, 'NONE');
      assert.deepEqual(
        project.cloudFormation.McpFunctionUrlInvokePermission!.Properties.InvokedViaFunctionUrl,
        true,
      );
      const zip = join(project.dir, '.serverless-package', `${name}-mcp.zip`);
      const { stdout } = await promisify(execFile)('unzip', ['-p', zip, 'dist/index.mjs'], {
        maxBuffer: 16 * 1024 * 1024,
      });
      assert.equal(stdout, readFileSync(join(project.dir, 'dist', 'index.mjs'), 'utf8'));
      assert.deepEqual(schemaProblems(project.templateText, 'serverless.json'), []);
    });

    it('infra/ (CDK): the same function behind a Function URL, with least-privilege grants', async () => {
      const { McpStack } = (await import(join(templateDir, 'infra', 'mcp-stack.ts'))) as {
        McpStack: new (scope: App, id: string, props: { bundleDir: string }) => import('aws-cdk-lib').Stack;
      };
      const app = new App({ builtinCloudFormationValidation: false });
      const template = Template.fromStack(
        new McpStack(app, 'Test', { bundleDir: join(projects.get(name)!.dir, 'dist') }),
      );
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: expected.service }) },
      });
      template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', InvokeMode: 'BUFFERED' });
      template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
      template.resourceCountIs('AWS::DynamoDB::Table', expected.tables ? 2 : 0);
      if (expected.tables) {
        template.hasResourceProperties('AWS::IAM::Policy', {
          PolicyDocument: {
            Statement: Match.arrayWith([
              {
                Action: ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
                Effect: 'Allow',
                Resource: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Tasks'), 'Arn'] }],
              },
              {
                Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
                Effect: 'Allow',
                Resource: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysApiKeys'), 'Arn'] }],
              },
            ]),
          },
        });
      }
    });

    if (name === 'openapi') {
      it("openapi: the API's base URL is a setting of every deploy file, empty for the one init wrote", async () => {
        const sam = parseCloudFormationYaml(
          readFileSync(join(templateDir, 'template.yaml'), 'utf8'),
        ) as unknown as {
          Parameters: Record<string, { Type: string; Default: string }>;
        };
        assert.deepEqual(
          [sam.Parameters.UpstreamUrl?.Type, sam.Parameters.UpstreamUrl?.Default],
          ['String', ''],
        );
        const serverless = projects.get(name)!.cloudFormation.McpLambdaFunction!.Properties as {
          Environment: { Variables: Record<string, string> };
        };
        assert.equal(serverless.Environment.Variables.UPSTREAM_URL, '');
        const main = (await parse(
          'main.tf',
          readFileSync(join(templateDir, 'terraform', 'main.tf'), 'utf8'),
        )) as {
          resource: {
            aws_lambda_function: { mcp: { environment: { variables: Record<string, string> }[] }[] };
          };
        };
        assert.equal(
          main.resource.aws_lambda_function.mcp[0]!.environment[0]!.variables.UPSTREAM_URL,
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform interpolation
          '${var.upstream_url}',
        );
        const { McpStack } = (await import(join(templateDir, 'infra', 'mcp-stack.ts'))) as {
          McpStack: new (
            scope: App,
            id: string,
            props: { bundleDir: string; upstreamUrl?: string },
          ) => import('aws-cdk-lib').Stack;
        };
        const bundleDir = join(projects.get(name)!.dir, 'dist');
        const app = () => new App({ builtinCloudFormationValidation: false });
        const environmentOf = (stack: import('aws-cdk-lib').Stack) =>
          Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0]!.Properties
            .Environment.Variables as Record<string, unknown>;
        assert.equal(
          environmentOf(new McpStack(app(), 'Given', { bundleDir, upstreamUrl: 'https://api.example.com' }))
            .UPSTREAM_URL,
          'https://api.example.com',
        );
        assert.equal(environmentOf(new McpStack(app(), 'Default', { bundleDir })).UPSTREAM_URL, undefined);
      });
    }

    it('terraform/: the same function behind a public Function URL, referring only to what it declares', async () => {
      // type -> name -> the block(s) of that name, as hcl2json gives them.
      const blocks: Record<string, Record<string, Record<string, unknown>[]>> = {};
      const declared = new Set<string>();
      let text = '';
      for (const file of readdirSync(join(templateDir, 'terraform')).filter((f) => f.endsWith('.tf'))) {
        const parsed = (await parse(
          file,
          readFileSync(join(templateDir, 'terraform', file), 'utf8'),
        )) as Record<string, Record<string, Record<string, Record<string, unknown>[]>>>;
        text += JSON.stringify(parsed);
        for (const kind of ['resource', 'data', 'ephemeral'] as const) {
          for (const [type, named] of Object.entries(parsed[kind] ?? {})) {
            blocks[type] = { ...blocks[type], ...named };
            for (const id of Object.keys(named))
              declared.add(`${kind === 'resource' ? '' : `${kind}.`}${type}.${id}`);
          }
        }
        for (const id of Object.keys(parsed.variable ?? {})) declared.add(`var.${id}`);
        for (const locals of (parsed.locals ?? []) as unknown as Record<string, unknown>[]) {
          for (const id of Object.keys(locals)) declared.add(`local.${id}`);
        }
      }
      const fn = blocks.aws_lambda_function!.mcp![0]!;
      assert.deepEqual(
        [fn.runtime, fn.architectures, fn.handler, fn.logging_config],
        [
          'nodejs24.x',
          ['arm64'],
          'index.handler',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform interpolation
          [{ log_format: 'JSON', log_group: '${aws_cloudwatch_log_group.mcp.name}' }],
        ],
      );
      assert.deepEqual(
        [
          blocks.aws_lambda_function_url!.mcp![0]!.authorization_type,
          blocks.aws_lambda_permission!.url_invoke![0]!.invoked_via_function_url,
        ],
        ['NONE', true],
      );
      assert.equal(blocks.aws_dynamodb_table !== undefined, expected.tables);
      const references = [
        ...text.matchAll(
          /\b((?:data\.|ephemeral\.)?(?:aws_[a-z0-9_]+|archive_file|random_password)\.[a-z0-9_]+|var\.[a-z0-9_]+|local\.[a-z0-9_]+)/g,
        ),
      ].map((match) => match[1]!);
      assert.ok(references.length > 15);
      assert.deepEqual(
        references.filter((ref) => !declared.has(ref)),
        [],
      );
    });
  });
}
