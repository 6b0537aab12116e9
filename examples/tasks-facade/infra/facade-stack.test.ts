import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { bundleAll } from './bundle.ts';
import { FacadeStack } from './facade-stack.ts';

const dir = mkdtempSync(join(tmpdir(), 'facade-infra-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const bundlesDir = join(dir, 'dist');
before(() => bundleAll(bundlesDir, true));

const DB_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:tasks-db-AbCdEf';

test('REST API + REQUEST authorizer (with the database) + façade (with only the REST API URL)', () => {
  const app = new App({ outdir: join(dir, 'out'), builtinCloudFormationValidation: false });
  const stack = new FacadeStack(app, 'Facade', {
    bundlesDir,
    tasksApiUrl: 'https://tasks.example.com',
    databaseSecretArn: DB_ARN,
  });
  const template = Template.fromStack(stack);
  const functions = Object.values(template.findResources('AWS::Lambda::Function'));
  assert.equal(functions.length, 2);
  const variables = (fn: (typeof functions)[number] | undefined) => fn?.Properties.Environment.Variables;
  const facade = functions.find((fn) => variables(fn).TASKS_API_URL !== undefined);
  const authorizer = functions.find((fn) => variables(fn).TASKS_API_URL === undefined);
  assert.equal(variables(facade).TASKS_API_URL, 'https://tasks.example.com');
  assert.equal(variables(facade).DATABASE_SECRET_ARN, undefined, 'the façade holds no database credential');
  assert.equal(variables(authorizer).DATABASE_SECRET_ARN, DB_ARN);
  template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
    Type: 'REQUEST',
    IdentitySource: Match.stringLikeRegexp('x-api-key'),
  });
});
