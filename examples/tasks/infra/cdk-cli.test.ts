/**
 * `cdk synth` as a user runs it, through the real CLI: cdk.json's app command bundles with
 * `lambda-mcp build` (npm run bundle) and synthesizes, with nothing sent off the machine
 * (telemetry, notices, version check and version reporting off; the stack needs no lookups).
 * CloudFormation's built-in validation runs here (the in-process tests turn it off for speed).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { consumerEnv } from '../../../test/consumer/consumer-env.ts';

const INFRA = import.meta.dirname;
const CDK = join(INFRA, '..', '..', '..', 'node_modules', '.bin', 'cdk');
const out = mkdtempSync(join(tmpdir(), 'tasks-cdk-cli-'));
after(() => rmSync(out, { recursive: true, force: true }));

const OFFLINE = { CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_DISABLE_VERSION_CHECK: 'true' };

test('cdk synth of the default app writes the REST API stack with the bundles lambda-mcp build made', async () => {
  await promisify(execFile)(
    CDK,
    ['synth', '--no-notices', '--no-version-reporting', '--quiet', '--output', out],
    // cdk.json runs `npm run bundle`: without the outer `npm test`'s npm_* variables (they
    // would point that npm at the repository root) and NODE_OPTIONS (the app sets its own).
    { cwd: INFRA, env: { ...consumerEnv(), ...OFFLINE }, maxBuffer: 32 * 1024 * 1024 },
  );
  const template = JSON.parse(readFileSync(join(out, 'TasksMcp.template.json'), 'utf8')) as {
    Resources: Record<
      string,
      { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, string> }
    >;
  };
  const ofType = (type: string) =>
    Object.values(template.Resources).filter((resource) => resource.Type === type);
  assert.deepEqual(
    ofType('AWS::Lambda::Function').map((fn) => [fn.Properties.Runtime, fn.Properties.Architectures]),
    [
      ['nodejs24.x', ['arm64']],
      ['nodejs24.x', ['arm64']],
    ],
  );
  assert.deepEqual(
    ofType('AWS::ApiGateway::Authorizer').map((authorizer) => [
      authorizer.Properties.IdentitySource,
      authorizer.Properties.AuthorizerResultTtlInSeconds,
    ]),
    [['method.request.header.x-api-key', 0]],
  );
  // Each function's asset is the bundle `npm run bundle` wrote to dist/.
  const dist = join(INFRA, '..', 'dist');
  const assets = ofType('AWS::Lambda::Function')
    .map((fn) => readFileSync(join(out, fn.Metadata!['aws:asset:path']!, 'index.mjs'), 'utf8'))
    .sort();
  assert.deepEqual(
    assets,
    [join(dist, 'authorizer', 'index.mjs'), join(dist, 'server', 'index.mjs')]
      .map((file) => readFileSync(file, 'utf8'))
      .sort(),
  );
});
