import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

/** `takeColdStart()` twice in a fresh process (a fresh execution environment) of this initialization type. */
function coldStarts(initializationType: string | undefined): boolean[] {
  const module = new URL('./cold-start.ts', import.meta.url).href;
  const script = `const { takeColdStart } = await import(${JSON.stringify(module)}); console.log(JSON.stringify([takeColdStart(), takeColdStart()]));`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.AWS_LAMBDA_INITIALIZATION_TYPE;
  if (initializationType !== undefined) env.AWS_LAMBDA_INITIALIZATION_TYPE = initializationType;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env,
    encoding: 'utf8',
  });
  return JSON.parse(output) as boolean[];
}

test('the first invocation of an on-demand environment is its cold start, as it is outside Lambda', () => {
  assert.deepEqual(coldStarts('on-demand'), [true, false]);
  assert.deepEqual(coldStarts(undefined), [true, false]);
});

test('an environment initialized ahead of requests (provisioned concurrency) has no cold start, as Powertools counts them', () => {
  assert.deepEqual(coldStarts('provisioned-concurrency'), [false, false]);
});
