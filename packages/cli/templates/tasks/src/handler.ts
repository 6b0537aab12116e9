// The Lambda entry: `npm run build` bundles it into dist/index.mjs (handler `index.handler`).
// One handler serves API Gateway REST and HTTP APIs, Function URLs and ALB.
import { apiKeyAuth, dynamoKeyStore } from 'lambda-mcp/auth';
import { createHandler } from 'lambda-mcp/lambda';
import { server } from './server.ts';

// With API_KEYS_TABLE set, callers need a key from `lambda-mcp keys create --store dynamodb:<table>`,
// sent in the x-api-key header; each key's tenant sees its own tasks.
const keysTable = process.env.API_KEYS_TABLE;

export const handler = createHandler(
  server,
  keysTable ? { auth: apiKeyAuth({ store: dynamoKeyStore({ tableName: keysTable }) }) } : {},
);
