import { addOpenApiTools, type ConvertedApi } from '@lambda-mcp/openapi';
import { createServer } from 'lambda-mcp';
import tools from '../tools.json' with { type: 'json' };

/**
 * The header MCP clients send their credential for the API in. Each tool call passes it on
 * where openapi.json's security scheme says (a header, a query parameter, a cookie, or
 * `Authorization`); the API itself decides whether it is valid. It is never logged.
 */
export const CREDENTIAL_HEADER = '__CREDENTIAL_HEADER__';

/** The API's base URL, chosen by `lambda-mcp init` (--upstream, else the document's first server). */
const DEFAULT_UPSTREAM = '__UPSTREAM_URL__';

/** Where the tools send their requests: UPSTREAM_URL when set (each deploy file has a setting for it). */
export const upstream = process.env.UPSTREAM_URL || DEFAULT_UPSTREAM;
if (upstream === '') {
  throw new Error(
    'UPSTREAM_URL is not set: the base URL of the REST API the tools call, e.g. https://api.example.com/v1',
  );
}

/**
 * The MCP server: one tool per operation of openapi.json, converted into tools.json by
 * `npm run tools` (`npm run build` converts it again). Served by src/handler.ts on Lambda and
 * by `npm run dev` locally. Add hand-written tools with `server.tool(...)` beside them.
 */
const api = tools as unknown as ConvertedApi;

export const server = createServer({
  name: '__PROJECT_NAME__',
  version: '0.1.0',
  title: api.title,
  ...(api.description ? { description: api.description } : {}),
});

/**
 * `tools`: one tool per operation. Past 80 operations, `discovery`: three tools instead
 * (search_operations, describe_operation, call_operation), since a model cannot use a list
 * that long; set `mode: 'tools'` (or a `discoveryThreshold`) to choose.
 */
export const mode = addOpenApiTools(server, api, {
  baseUrl: upstream,
  credentials: [{ from: 'header', name: CREDENTIAL_HEADER }],
  // An operation openapi.json gives no security requirement is called without the credential.
  // If the API wants it anyway (a document that declares no scheme), say where it goes:
  // fallbackScheme: { type: 'http', scheme: 'bearer' },
});
