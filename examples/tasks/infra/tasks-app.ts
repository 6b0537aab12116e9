import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { type TasksExposure, TasksStack } from './tasks-stack.ts';

/**
 * `cdk synth` / `cdk deploy` entry (cdk.json runs `npm run bundle` first). Context:
 * `-c exposure=function-url` for the streaming Function URL variant, `-c exposure=http-api`
 * for an HTTP API (default `rest`),
 * `-c databaseSecretArn=arn:…` for an existing database secret.
 */
const app = new App();
const exposure = (app.node.tryGetContext('exposure') ?? 'rest') as TasksExposure;
const STACK_NAMES: Record<TasksExposure, string> = {
  rest: 'TasksMcp',
  'http-api': 'TasksMcpHttpApi',
  'function-url': 'TasksMcpStreaming',
};
if (!Object.hasOwn(STACK_NAMES, exposure)) {
  throw new Error(
    `-c exposure=${String(exposure)} is not a choice: use rest (default), http-api or function-url`,
  );
}
new TasksStack(app, STACK_NAMES[exposure], {
  exposure,
  bundlesDir: join(import.meta.dirname, '..', 'dist'),
  databaseSecretArn: app.node.tryGetContext('databaseSecretArn'),
});
