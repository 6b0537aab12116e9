import { ErrorCode } from '../protocol/errors.ts';
import { assertServer, definitionOf, type ServerDefinition } from '../server/definition.ts';
import { preflightReply, withCors } from './cors.ts';
import {
  aiCatalog,
  configSchema,
  endpointUrl,
  publicDocument,
  SERVER_CARD_MEDIA_TYPE,
  serverCard,
} from './discovery.ts';
import type { Exchange, Reply } from './exchange.ts';
import { type HttpOptions, type ResolvedHttpOptions, resolveHttpOptions } from './http-options.ts';
import { handleMcpPost } from './mcp-endpoint.ts';
import { errorReply, internalErrorReply, jsonReply } from './replies.ts';

export type ExchangeHandler = (exchange: Exchange) => Promise<Reply>;

/**
 * The whole HTTP surface of a server over plain exchanges: the MCP endpoint, `/health`,
 * and the discovery documents. Adapters call this and only translate; it never throws:
 * anything unexpected is logged in full and answered as a bare internal error.
 */
export function createExchangeHandler(server: object, httpOptions: HttpOptions = {}): ExchangeHandler {
  assertServer(server);
  const options = resolveHttpOptions(httpOptions);
  return async (exchange) => {
    const def = definitionOf(server);
    try {
      return await route(def, exchange, options);
    } catch (error) {
      def.logger.error('unhandled error while answering a request', {
        method: exchange.method,
        path: exchange.path,
        error,
      });
      return internalErrorReply(exchange.headers['mcp-protocol-version']);
    }
  };
}

async function route(
  def: ServerDefinition,
  exchange: Exchange,
  options: ResolvedHttpOptions,
): Promise<Reply> {
  const { method } = exchange;
  const path = withoutBasePath(exchange.path, options.basePath);
  const { endpoint, allowedOrigins } = options;
  const origin = exchange.headers.origin;
  if (path === endpoint) {
    if (method === 'POST')
      return withCors(await handleMcpPost(def, exchange, options), origin, allowedOrigins);
    if (method === 'OPTIONS') {
      return preflightReply(
        origin,
        exchange.headers['access-control-request-headers'],
        allowedOrigins,
        options.corsAllowedHeaders,
      );
    }
    const message = `Method Not Allowed: the MCP endpoint accepts POST only (got ${method})`;
    const reply = errorReply(
      405,
      undefined,
      { code: ErrorCode.InvalidRequest, message },
      exchange.headers['mcp-protocol-version'],
      { allow: 'POST' },
    );
    return withCors(reply, origin, allowedOrigins);
  }
  const document = documentAt(path, def, exchange, options);
  if (!document) return notFound(exchange.path, options);
  if (method !== 'GET' && method !== 'HEAD') {
    const message = `Method Not Allowed: ${exchange.path} accepts GET and HEAD only (got ${method})`;
    return jsonReply(405, { error: 'method_not_allowed', message }, { allow: 'GET, HEAD' });
  }
  const reply = await document();
  // HEAD: the headers GET would send (Content-Type, caching), never the body (RFC 9110 9.3.2).
  return method === 'HEAD' ? { ...reply, body: '' } : reply;
}

/** The document served (to GET and HEAD) at `path`, when there is one: one table for both. */
function documentAt(
  path: string,
  def: ServerDefinition,
  exchange: Exchange,
  options: ResolvedHttpOptions,
): (() => Reply | Promise<Reply>) | undefined {
  const authRoute = options.auth?.routes?.[path];
  if (authRoute) return () => authRoute(exchange);
  if (path === options.healthPath) {
    return () => jsonReply(200, { status: 'ok', name: def.info.name, version: def.info.version });
  }
  if (path === `${options.endpoint}/server-card` || path === '/.well-known/mcp/server-card.json') {
    return () => {
      const card = serverCard(def, endpointUrl(exchange, options), credentialOf(options));
      return publicDocument(exchange, card, SERVER_CARD_MEDIA_TYPE);
    };
  }
  if (path === '/.well-known/ai-catalog.json') {
    return () => publicDocument(exchange, aiCatalog(def, endpointUrl(exchange, options)), 'application/json');
  }
  if (path === '/.well-known/mcp-config') {
    return () =>
      publicDocument(exchange, configSchema(def, credentialOf(options)), 'application/schema+json');
  }
  return undefined;
}

/** The credential the card declares: what the auth provider describes, or a generic one for a bare hook. */
function credentialOf(options: ResolvedHttpOptions): { header: string; scheme: string } | undefined {
  if (options.auth?.describe) return options.auth.describe;
  return options.authenticate ? { header: 'authorization', scheme: 'bearer' } : undefined;
}

function withoutBasePath(path: string, basePath: string | undefined): string {
  if (basePath === undefined || basePath === '/') return path;
  if (path === basePath) return '/';
  return path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : path;
}

/** A 404 that says where the endpoint is, and how to serve it below a prefix. */
function notFound(path: string, options: ResolvedHttpOptions): Reply {
  const endpoint = `${options.basePath ?? ''}${options.endpoint}`;
  let message = `No route for ${path}. The MCP endpoint is ${endpoint}.`;
  if (path.endsWith(options.endpoint) && path !== endpoint) {
    const prefix = path.slice(0, -options.endpoint.length);
    message += ` If this server is mounted under ${prefix}, pass { basePath: '${prefix}' } (or { endpoint: '${path}' }) to the adapter.`;
  }
  return jsonReply(404, { error: 'not_found', message });
}
