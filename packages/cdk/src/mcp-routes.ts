/** The header the API key travels in, the framework's and the seed's default. */
export const DEFAULT_KEY_HEADER = 'x-api-key';

/** The MCP endpoint inside the API (the framework's default `endpoint`). */
export const DEFAULT_MCP_PATH = 'mcp';

/**
 * The routes an exposure creates, all proxied to the one function. The MCP endpoint takes
 * every method behind the authorizer: GET and DELETE must reach the function, which answers
 * 405 as the transport requires (a POST-only route answers 403 "Missing Authentication
 * Token", and clients give up). Everything else is public by the specification's design:
 * a CORS preflight never carries the key; health is for load balancers and monitors; the
 * well-known documents (protected-resource metadata, AI catalog, Server Card) are how a
 * client learns how to authenticate in the first place.
 */
export interface McpRoute {
  /** Path inside the API, no leading slash; `{proxy+}` is a greedy segment. */
  path: string;
  method: 'ANY' | 'GET' | 'OPTIONS';
  authorized: boolean;
}

export function mcpRoutes(mcpPath: string = DEFAULT_MCP_PATH): McpRoute[] {
  const mcp = trimSlashes(mcpPath);
  return [
    { path: mcp, method: 'ANY', authorized: true },
    { path: mcp, method: 'OPTIONS', authorized: false },
    { path: `${mcp}/server-card`, method: 'GET', authorized: false },
    { path: 'health', method: 'GET', authorized: false },
    { path: '.well-known/{proxy+}', method: 'GET', authorized: false },
  ];
}

/**
 * The `WWW-Authenticate` challenge the function itself sends without a key: `ApiKey header="…"`
 * for a key in a header of its own, `Bearer` for one in `Authorization` (which `apiKeyAuth` and
 * `createApiKeyAuthorizer` read as `Authorization: Bearer <key>`, RFC 6750), as `apiKeyAuth` does.
 */
export function apiKeyChallenge(header: string = DEFAULT_KEY_HEADER): string {
  return header.toLowerCase() === 'authorization' ? 'Bearer' : `ApiKey header="${header}"`;
}

export function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}
