// The Lambda entry: `npm run build` bundles it, tools.json included, into dist/index.mjs
// (handler `index.handler`). One handler serves API Gateway REST and HTTP APIs, Function
// URLs and ALB.
import { createHandler } from 'lambda-mcp/lambda';
import { server } from './server.ts';

export const handler = createHandler(server);
