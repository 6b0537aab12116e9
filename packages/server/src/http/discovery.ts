import { SUPPORTED_VERSIONS } from '../protocol/versions.ts';
import type { ServerDefinition } from '../server/definition.ts';
import type { Exchange, Reply } from './exchange.ts';
import type { ResolvedHttpOptions } from './http-options.ts';
import { jsonReply } from './replies.ts';

export const SERVER_CARD_MEDIA_TYPE = 'application/mcp-server-card+json';
const SERVER_CARD_SCHEMA = 'https://static.modelcontextprotocol.io/schemas/v2/server-card.schema.json';

/**
 * The public URL of the MCP endpoint, for documents that are cached and shared (the Server
 * Card is served `public, max-age=3600`): configured, or vouched for by the platform (the
 * domain API Gateway received the request on), or the `Host` the client connected to.
 * `X-Forwarded-*` headers are anyone's to send, so they count only behind a proxy the
 * operator named (`trustForwardedHeaders`); a host or scheme of the wrong shape never counts.
 */
export function endpointUrl(exchange: Exchange, options: ResolvedHttpOptions): string {
  if (options.publicUrl) return options.publicUrl;
  const path = `${options.basePath ?? ''}${options.endpoint}`;
  if (exchange.publicBase) return `${exchange.publicBase}${path}`;
  const { headers } = exchange;
  const forwardedHost = options.trustForwardedHeaders ? firstValue(headers['x-forwarded-host']) : undefined;
  const host =
    [forwardedHost, headers.host].find((value) => value !== undefined && HOST.test(value)) ?? 'localhost';
  const forwardedProto = options.trustForwardedHeaders ? firstValue(headers['x-forwarded-proto']) : undefined;
  const proto =
    forwardedProto === 'http' || forwardedProto === 'https'
      ? forwardedProto
      : isLoopback(host)
        ? 'http'
        : 'https';
  return `${proto}://${host}${path}`;
}

/** A DNS name or IP literal with an optional port: nothing a URL could be bent with. */
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function firstValue(header: string | undefined): string | undefined {
  return header?.split(',')[0]?.trim().toLowerCase();
}

function isLoopback(host: string): boolean {
  return /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);
}

/**
 * The Server Card (SEP-2127): identity, transport and protocol versions, derived from the
 * definition. It lists no tools: those are for runtime listing.
 */
export function serverCard(
  def: ServerDefinition,
  url: string,
  credential: { header: string; scheme: string } | undefined,
): Record<string, unknown> {
  const { info } = def;
  const remote: Record<string, unknown> = {
    type: 'streamable-http',
    url,
    supportedProtocolVersions: [...SUPPORTED_VERSIONS],
  };
  if (credential) {
    const bearer = credential.header.toLowerCase() === 'authorization';
    remote.headers = [
      {
        name: bearer ? 'Authorization' : credential.header,
        description: bearer
          ? `Bearer token for this server (${credential.scheme === 'oauth2' ? 'OAuth 2.1 access token' : credential.scheme === 'apiKey' ? 'an API key' : 'a token or API key'}).`
          : 'API key for this server.',
        isRequired: true,
        isSecret: true,
      },
    ];
  }
  const card: Record<string, unknown> = {
    $schema: SERVER_CARD_SCHEMA,
    name: info.name.includes('/') ? info.name : `local/${info.name}`,
    version: info.version,
    description: (info.description ?? info.title ?? info.name).slice(0, 100),
  };
  if (info.title) card.title = info.title;
  if (info.websiteUrl) card.websiteUrl = info.websiteUrl;
  if (info.icons) card.icons = info.icons;
  card.remotes = [remote];
  card._meta = { 'io.modelcontextprotocol/capabilities': def.capabilities };
  return card;
}

/** Cacheable public documents: CORS-open, an hour of caching, an ETag for revalidation. */
export async function publicDocument(exchange: Exchange, body: unknown, contentType: string): Promise<Reply> {
  const text = JSON.stringify(body);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  const etag = `"${[...digest.subarray(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('')}"`;
  const headers = {
    'access-control-allow-origin': '*',
    'cache-control': 'public, max-age=3600',
    etag,
  };
  if (matchesEtag(exchange.headers['if-none-match'], etag)) return { status: 304, headers, body: '' };
  return jsonReply(200, body, { ...headers, 'content-type': contentType });
}

/** RFC 9110 If-None-Match: `*` or a list of tags, compared weakly (a `W/` prefix is ignored). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** `/.well-known/ai-catalog.json`: points crawlers and clients at the Server Card. */
export function aiCatalog(def: ServerDefinition, url: string): Record<string, unknown> {
  return {
    entries: [
      {
        name: def.info.name,
        description: def.info.description ?? def.info.title ?? def.info.name,
        type: SERVER_CARD_MEDIA_TYPE,
        url: `${url}/server-card`,
      },
    ],
  };
}

/**
 * `/.well-known/mcp-config`: the JSON Schema of what a client must be configured with:
 * the server's own `configSchema`, else the credential its auth reads, as a secret header.
 */
export function configSchema(
  def: ServerDefinition,
  credential: { header: string; scheme: string } | undefined,
): Record<string, unknown> {
  if (def.configSchema) return def.configSchema;
  const properties: Record<string, unknown> = {};
  if (credential) {
    properties[credential.header] = {
      type: 'string',
      title:
        credential.header.toLowerCase() === 'authorization'
          ? 'Authorization header'
          : `${credential.header} header`,
      description:
        credential.scheme === 'oauth2'
          ? 'Bearer access token from the authorization server named in the protected-resource metadata.'
          : credential.header.toLowerCase() === 'authorization'
            ? 'Bearer credential: "Bearer <token or API key>".'
            : 'API key for this server.',
      writeOnly: true,
      'x-mcp-header': credential.header,
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `${def.info.title ?? def.info.name} configuration`,
    type: 'object',
    properties,
    ...(credential ? { required: [credential.header] } : {}),
    additionalProperties: false,
  };
}
