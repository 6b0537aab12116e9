import type { Reply } from '../../http/index.ts';

/** RFC 9728 Protected Resource Metadata: what a client needs to get a token for this server. */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported?: string[];
  bearer_methods_supported: string[];
  resource_name?: string;
  resource_documentation?: string;
}

export interface ProtectedResourceOptions {
  /** The canonical URL of the MCP endpoint, e.g. `https://api.example.com/prod/mcp`. */
  resource: string;
  authorizationServers: readonly string[];
  scopesSupported?: readonly string[];
  resourceName?: string;
  resourceDocumentation?: string;
  /**
   * The endpoint path as the HTTP layer sees it (after a stage prefix was removed; default
   * `/mcp`). What precedes it in the resource URL is the prefix the metadata URL keeps.
   */
  endpoint?: string;
}

export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';

export function protectedResourceMetadata(options: ProtectedResourceOptions): ProtectedResourceMetadata {
  const document: ProtectedResourceMetadata = {
    resource: options.resource,
    authorization_servers: [...options.authorizationServers],
    bearer_methods_supported: ['header'],
  };
  if (options.scopesSupported?.length) document.scopes_supported = [...options.scopesSupported];
  if (options.resourceName !== undefined) document.resource_name = options.resourceName;
  if (options.resourceDocumentation !== undefined)
    document.resource_documentation = options.resourceDocumentation;
  return document;
}

/**
 * The metadata URL to advertise in `WWW-Authenticate`: the RFC 9728 path-suffixed form
 * under the same prefix as the endpoint, so it is reachable through the same front door
 * (`https://id.execute-api…/prod/mcp` → `https://id.execute-api…/prod/.well-known/oauth-protected-resource/prod/mcp`;
 * `https://mcp.example.com/mcp` → `https://mcp.example.com/.well-known/oauth-protected-resource/mcp`).
 */
export function resourceMetadataUrl(resource: string, endpoint = '/mcp'): string {
  const url = new URL(resource);
  const path = url.pathname.replace(/\/+$/, '');
  const prefix = path.endsWith(endpoint) ? path.slice(0, path.length - endpoint.length) : '';
  return `${url.origin}${prefix}${PROTECTED_RESOURCE_PATH}${path}`;
}

/**
 * The exchange paths (after any stage prefix was removed) that serve the metadata: the
 * root form, the form suffixed with the resource path, and the form suffixed with the endpoint.
 */
export function protectedResourcePaths(resource: string, endpoint = '/mcp'): string[] {
  const path = new URL(resource).pathname.replace(/\/+$/, '');
  const paths = [PROTECTED_RESOURCE_PATH];
  for (const suffix of [path, endpoint]) {
    if (suffix !== '' && suffix !== '/' && !paths.includes(`${PROTECTED_RESOURCE_PATH}${suffix}`)) {
      paths.push(`${PROTECTED_RESOURCE_PATH}${suffix}`);
    }
  }
  return paths;
}

/** The metadata as an HTTP answer: public, cacheable, readable by browser-based clients. */
export function protectedResourceReply(document: ProtectedResourceMetadata): Reply {
  return {
    status: 200,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'public, max-age=3600',
      'access-control-allow-origin': '*',
    },
    body: JSON.stringify(document),
  };
}
