import { addOpenApiTools, type ConvertedApi, type CredentialSource } from '@lambda-mcp/openapi';
import { createServer, type Logger } from 'lambda-mcp';

/**
 * The MCP server in front of the tasks REST API: one tool per operation of its OpenAPI
 * document (converted at build time into tools.json), each call made with the caller's own
 * API key (kept on `ctx.auth` by the Lambda handler's `credentialHeader`, after the REQUEST
 * authorizer checked it) in the `x-api-key` header the document's security scheme names.
 * Without an authorizer (a local run), `credentials: [{ from: 'header', name: 'x-api-key' }]`
 * takes it from the request.
 */
export function createTasksFacade(
  api: ConvertedApi,
  options: { upstream: string; credentials?: CredentialSource[]; logger?: Logger },
) {
  const server = createServer({
    name: 'acme/tasks-facade',
    version: '1.0.0',
    description: 'Tasks and projects of your workspace, through the Tasks REST API.',
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  addOpenApiTools(server, api, {
    baseUrl: options.upstream,
    credentials: options.credentials ?? [{ from: 'caller' }],
  });
  return server;
}
