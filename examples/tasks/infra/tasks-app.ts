import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { type TasksExposure, TasksStack } from './tasks-stack.ts';

/**
 * `cdk synth` / `cdk deploy` entry (cdk.json runs `npm run bundle` first). Context:
 * `-c exposure=function-url` for the streaming Function URL variant (default `rest`),
 * `-c databaseSecretArn=arn:…` for an existing database secret.
 */
const app = new App();
const exposure = (app.node.tryGetContext('exposure') ?? 'rest') as TasksExposure;
if (exposure !== 'rest' && exposure !== 'function-url') {
  throw new Error(`-c exposure=${String(exposure)} is not a choice: use rest (default) or function-url`);
}
new TasksStack(app, exposure === 'rest' ? 'TasksMcp' : 'TasksMcpStreaming', {
  exposure,
  bundlesDir: join(import.meta.dirname, '..', 'dist'),
  databaseSecretArn: app.node.tryGetContext('databaseSecretArn'),
});
