import type { McpServer } from '../server/create-server.ts';
import {
  aiCatalog,
  configSchema,
  endpointUrl,
  publicDocument,
  SERVER_CARD_MEDIA_TYPE,
  serverCard,
} from './discovery.ts';
import type { Exchange, Reply } from './exchange.ts';
import { type HttpOptions, resolveHttpOptions } from './http-options.ts';
import { handleMcpPost } from './mcp-endpoint.ts';
import { emptyReply, errorReply, jsonReply } from './replies.ts';

export type ExchangeHandler = (exchange: Exchange) => Promise<Reply>;

/**
 * The whole HTTP surface of a server over plain exchanges: the MCP endpoint, `/health`,
 * and the discovery documents. Adapters call this and only translate.
 */
export function createExchangeHandler(server: McpServer, httpOptions: HttpOptions = {}): ExchangeHandler {
  const options = resolveHttpOptions(httpOptions);
  const { endpoint } = options;
  const cardPaths = new Set([`${endpoint}/server-card`, '/.well-known/mcp/server-card.json']);

  return async (exchange) => {
    const def = server.definition();
    const { method, path } = exchange;
    if (path === endpoint) {
      if (method === 'POST') return handleMcpPost(def, exchange, options);
      if (method === 'OPTIONS') return emptyReply(204, { allow: 'POST, OPTIONS' });
      return errorReply(
        405,
        null,
        { code: -32600, message: `Method Not Allowed: the MCP endpoint accepts POST only (got ${method})` },
        { allow: 'POST' },
      );
    }
    if (method !== 'GET' && method !== 'HEAD') return notFound(path);
    if (path === options.healthPath)
      return jsonReply(200, { status: 'ok', name: def.info.name, version: def.info.version });
    if (cardPaths.has(path)) {
      const card = serverCard(def, endpointUrl(exchange, options), options.authenticate !== undefined);
      return publicDocument(exchange, card, SERVER_CARD_MEDIA_TYPE);
    }
    if (path === '/.well-known/ai-catalog.json') {
      return publicDocument(exchange, aiCatalog(def, endpointUrl(exchange, options)), 'application/json');
    }
    if (path === '/.well-known/mcp-config') {
      return publicDocument(exchange, configSchema(def), 'application/schema+json');
    }
    return notFound(path);
  };
}

function notFound(path: string): Reply {
  return jsonReply(404, { error: 'not_found', message: `No route for ${path}` });
}
