import { type AuthInfo, type CallToolResult, MODERN_VERSION, type OtherPlatform } from 'lambda-mcp';
import type { ExchangeHandler } from 'lambda-mcp/http';

/** What an inner server answered to one tools/call: a result, or the JSON-RPC error. */
export interface InnerReply {
  result?: CallToolResult;
  error?: { code: number; message: string };
}

/**
 * One tools/call to a server that is never served, through its exchange handler: how this
 * package gets the framework's own checks (arguments, output schema) applied to a value
 * without a second implementation of them. `platform` lets the inner handler find what
 * the outer request gave it.
 */
export async function innerToolCall(
  handle: ExchangeHandler,
  call: {
    id: number;
    name: string;
    arguments: unknown;
    platform: OtherPlatform;
    signal?: AbortSignal;
    deadline?: number | undefined;
    auth?: AuthInfo | undefined;
  },
): Promise<InnerReply> {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: call.id,
    method: 'tools/call',
    params: {
      name: call.name,
      arguments: call.arguments ?? {},
      _meta: {
        'io.modelcontextprotocol/protocolVersion': MODERN_VERSION,
        'io.modelcontextprotocol/clientCapabilities': {},
        'io.modelcontextprotocol/clientInfo': { name: 'lambda-mcp-openapi', version: '1.0.0' },
      },
    },
  });
  const reply = await handle({
    method: 'POST',
    path: '/mcp',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'mcp-protocol-version': MODERN_VERSION,
      'mcp-method': 'tools/call',
      'mcp-name': call.name,
    },
    body,
    ...(call.signal === undefined ? {} : { signal: call.signal }),
    ...(call.deadline === undefined ? {} : { deadline: call.deadline }),
    ...(call.auth === undefined ? {} : { auth: call.auth }),
    platform: call.platform,
  });
  return JSON.parse(typeof reply.body === 'string' ? reply.body : '{}') as InnerReply;
}
