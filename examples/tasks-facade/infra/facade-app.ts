import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { FacadeStack } from './facade-stack.ts';

/**
 * `cdk synth` / `cdk deploy` entry (cdk.json bundles first). Context: `-c tasksApiUrl=https://…`
 * (the tasks REST API) and `-c databaseSecretArn=arn:…` (the task database, for the authorizer).
 */
const app = new App();
const context = (name: string): string => {
  const value = app.node.tryGetContext(name);
  if (typeof value !== 'string' || value === '')
    throw new Error(`-c ${name}=… is required (see infra/facade-app.ts)`);
  return value;
};
new FacadeStack(app, 'TasksFacade', {
  bundlesDir: join(import.meta.dirname, '..', 'dist'),
  tasksApiUrl: context('tasksApiUrl'),
  databaseSecretArn: context('databaseSecretArn'),
});
