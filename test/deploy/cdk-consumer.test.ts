/**
 * @lambda-mcp/cdk as npm users get it: packed, installed from the tarball with its peers
 * (aws-cdk-lib and constructs, the versions this repository uses) into a project outside
 * the repository, then used from plain JavaScript (a stack synthesized to a template) and
 * typechecked from TypeScript under strict settings. aws-cdk-lib's own declarations do not
 * pass `exactOptionalPropertyTypes` with `skipLibCheck: false`, so only errors outside it count.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { packPackage } from '../../scripts/pack-package.ts';
import { REPO_ROOT } from '../../scripts/public-packages.ts';
import { runChecked, runProcess } from '../consumer/run-process.ts';
import { lambdaMcpBuild } from './lambda-mcp-build.ts';

const root = mkdtempSync(join(realpathSync(tmpdir()), 'lambda-mcp-cdk-consumer-'));
if (!relative(REPO_ROOT, root).startsWith('..')) throw new Error(`${root} is inside the repository`);
after(() => rmSync(root, { recursive: true, force: true }));
const app = join(root, 'app');
const HANG_GUARD = { timeout: 600_000 };

const installedVersion = (name: string) =>
  `${name}@${(JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version}`;

const USE_CONSTRUCTS = `
import { App, Stack } from 'aws-cdk-lib';
import { McpFunction, McpRestApi, McpTables } from '@lambda-mcp/cdk';

const app = new App({ outdir: 'cdk.out', builtinCloudFormationValidation: false, analyticsReporting: false });
const stack = new Stack(app, 'Consumer', { env: { account: '123456789012', region: 'eu-west-1' } });
const tables = new McpTables(stack, 'Tables');
const server = new McpFunction(stack, 'Server', { bundleDir: 'bundle', serviceName: 'consumer' });
const authorizer = new McpFunction(stack, 'Authorizer', { bundleDir: 'bundle', stateSecret: false });
tables.grantKeyCheck(authorizer.function);
const api = new McpRestApi(stack, 'Api', { function: server, authorizer: { function: authorizer } });
const template = JSON.stringify(app.synth().getStackByName('Consumer').template);
const count = (type) => template.split('"Type":"' + type + '"').length - 1;
console.log(JSON.stringify({
  functions: count('AWS::Lambda::Function'),
  authorizers: count('AWS::ApiGateway::Authorizer'),
  tables: count('AWS::DynamoDB::Table'),
  url: typeof api.mcpUrl,
}));
`;

before(async () => {
  const tarball = packPackage(join(REPO_ROOT, 'packages', 'cdk'), root);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{"name":"cdk-consumer","private":true,"type":"module"}\n');
  writeFileSync(join(app, 'app.mjs'), USE_CONSTRUCTS);
  writeFileSync(join(app, 'app.ts'), USE_CONSTRUCTS.replace('(type) =>', '(type: string) =>'));
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2023',
        lib: ['es2023'],
        types: ['node'],
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
        noEmit: true,
      },
      files: ['app.ts'],
    }),
  );
  await lambdaMcpBuild(
    join(REPO_ROOT, 'packages', 'cdk', 'src', 'echo-handler.fixture.ts'),
    join(app, 'bundle'),
  );
  // --prefer-offline: the repository's own install left these tarballs in npm's cache.
  await runChecked(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      tarball,
      installedVersion('aws-cdk-lib'),
      installedVersion('constructs'),
      installedVersion('@types/node'),
    ],
    app,
  );
}, HANG_GUARD);

// The two checks read the same installed project and do not write to it: they run side by side.
describe('the installed @lambda-mcp/cdk', { concurrency: true }, () => {
  it('a JavaScript CDK app synthesizes a stack from the installed tarball', HANG_GUARD, async () => {
    const { stdout } = await runChecked(process.execPath, ['app.mjs'], app);
    assert.deepEqual(JSON.parse(stdout.trim().split('\n').at(-1) ?? ''), {
      functions: 2,
      authorizers: 1,
      tables: 2,
      url: 'string',
    });
  });

  it(
    'a TypeScript CDK app typechecks against the shipped declarations under strict settings',
    HANG_GUARD,
    async () => {
      const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const { stdout } = await runProcess(process.execPath, [tsc, '-p', 'tsconfig.json'], app);
      const ours = stdout
        .split('\n')
        .filter((line) => /error TS/.test(line) && !line.startsWith('node_modules/aws-cdk-lib/'));
      assert.deepEqual(ours, []);
    },
  );
});
