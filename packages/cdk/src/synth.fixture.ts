import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { lambdaMcpBuild } from '../../../test/deploy/lambda-mcp-build.ts';

let bundle: Promise<string> | undefined;
let dir: string | undefined;
// Registered at import, at the file's top level: an `after` added inside a hook would run
// when that hook ends.
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * The echo server bundled by the real `lambda-mcp build`, once per test file (each file
 * runs in its own process), removed when the file's tests end.
 */
export function echoBundle(): Promise<string> {
  bundle ??= (async () => {
    dir = mkdtempSync(join(tmpdir(), 'lambda-mcp-cdk-'));
    return lambdaMcpBuild(join(import.meta.dirname, 'echo-handler.fixture.ts'), join(dir, 'echo'));
  })();
  return bundle;
}

/**
 * A stack in an app that synthesizes offline: no lookups, no version reporting, and no
 * built-in CloudFormation validation (it triples synth time; the assertions check what
 * matters). The region is fixed so ARNs and partitions are concrete.
 */
export function testStack(): Stack {
  const app = new App({ builtinCloudFormationValidation: false, analyticsReporting: false });
  return new Stack(app, 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });
}

export const templateOf = (stack: Stack) => Template.fromStack(stack);
