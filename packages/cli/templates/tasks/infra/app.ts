// `npx cdk deploy` (cdk.json runs `npm run build` in the project first: lambda-mcp build
// writes ../dist/index.mjs, the code this app deploys).
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { McpStack } from './mcp-stack.ts';

const app = new App();
new McpStack(app, '__STACK_NAME__', { bundleDir: fileURLToPath(new URL('../dist', import.meta.url)) });
