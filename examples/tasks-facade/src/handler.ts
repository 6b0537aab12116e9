import type { ConvertedApi } from '@lambda-mcp/openapi';
import { createHandler } from 'lambda-mcp/lambda';
import tools from '../tools.json' with { type: 'json' };
import { createTasksFacade } from './facade.ts';

// The seed's deployment: API Gateway (REST) → REQUEST authorizer (examples/tasks/src/authorizer.ts,
// checking x-api-key against the key store) → this Lambda → the tasks REST API at TASKS_API_URL,
// called with the caller's own key. The document was converted at build time (npm run spec): tools.json.
const upstream = process.env.TASKS_API_URL;
if (!upstream)
  throw new Error(
    'TASKS_API_URL is not set: the base URL of the tasks REST API, e.g. https://api.example.com',
  );

const server = createTasksFacade(tools as ConvertedApi, { upstream });

// credentialHeader: the caller's key stays readable by the tools (never in the authorizer context or a log line).
export const handler = createHandler(server, { credentialHeader: 'x-api-key' });
