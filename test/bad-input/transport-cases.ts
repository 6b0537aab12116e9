import { type BadInputCase, rpcError } from './bad-input-case.ts';
import { MAX_BODY_BYTES } from './corpus-server.ts';
import { ENDPOINT, post } from './requests.ts';

const ping = { jsonrpc: '2.0', id: 1, method: 'ping' };
const tooLarge = `Payload Too Large: the body exceeds ${MAX_BODY_BYTES} bytes`;
const notAllowed = (method: string) =>
  rpcError(null, -32600, `Method Not Allowed: the MCP endpoint accepts POST only (got ${method})`);

/** HTTP-level refusals and malformed JSON-RPC envelopes: answered before any lane is chosen. */
export const transportCases: BadInputCase[] = [
  ...['GET', 'DELETE', 'PUT'].map(
    (method): BadInputCase => ({
      name: `answers ${method} on the endpoint with 405 and Allow: POST`,
      request: { method, path: ENDPOINT, headers: {}, body: method === 'PUT' ? '{}' : '' },
      status: 405,
      headers: { allow: 'POST' },
      body: notAllowed(method),
      overHttp: true,
    }),
  ),
  {
    name: 'answers an unknown path with 404',
    request: { method: 'GET', path: '/nope', headers: {}, body: '' },
    status: 404,
    body: { error: 'not_found', message: 'No route for /nope. The MCP endpoint is /mcp.' },
    overHttp: true,
  },
  {
    name: 'answers a POST to an unknown path with 404',
    request: { ...post(ping), path: '/mcp/extra' },
    status: 404,
    body: { error: 'not_found', message: 'No route for /mcp/extra. The MCP endpoint is /mcp.' },
  },
  {
    name: 'refuses a browser Origin that is not allowed with 403',
    request: post(ping, { origin: 'https://evil.example' }),
    status: 403,
    body: rpcError(null, -32600, 'Forbidden: origin https://evil.example is not allowed'),
    overHttp: true,
  },
  {
    name: 'refuses a text/plain body with 415',
    request: post(ping, { 'content-type': 'text/plain' }),
    status: 415,
    body: rpcError(
      null,
      -32600,
      'Unsupported Media Type: Content-Type must be application/json, got text/plain',
    ),
    overHttp: true,
  },
  {
    name: 'refuses a body without Content-Type with 415',
    request: post(ping, { 'content-type': null }),
    status: 415,
    body: rpcError(null, -32600, 'Unsupported Media Type: Content-Type must be application/json, got none'),
  },
  {
    name: 'refuses an Accept with neither JSON nor SSE with 406',
    request: post(ping, { accept: 'text/html' }),
    status: 406,
    body: rpcError(null, -32600, 'Not Acceptable: Accept must include application/json or text/event-stream'),
    overHttp: true,
  },
  {
    name: 'refuses an Accept that gives JSON q=0 and no event stream with 406',
    request: post(ping, { accept: 'application/json;q=0, text/html' }),
    status: 406,
    body: rpcError(null, -32600, 'Not Acceptable: Accept must include application/json or text/event-stream'),
  },
  {
    name: 'refuses a declared Content-Length over the limit with 413',
    request: post(ping, { 'content-length': String(MAX_BODY_BYTES + 1) }),
    status: 413,
    body: rpcError(null, -32600, tooLarge),
  },
  {
    name: 'refuses an actual body over the limit with 413',
    request: post({ ...ping, params: { padding: 'x'.repeat(MAX_BODY_BYTES) } }),
    status: 413,
    body: rpcError(null, -32600, tooLarge),
    overHttp: true,
  },
  {
    name: 'refuses a body over the limit in multi-byte characters with 413',
    request: post({ ...ping, params: { padding: 'é'.repeat(MAX_BODY_BYTES / 2) } }),
    status: 413,
    body: rpcError(null, -32600, tooLarge),
  },
  {
    name: 'rejects malformed JSON with 400 -32700',
    request: post('{"jsonrpc": "2.0", "id": 1, "method": '),
    status: 400,
    body: rpcError(null, -32700, 'Parse error: the body is not valid JSON'),
    overHttp: true,
  },
  {
    name: 'rejects an empty body with 400 -32700',
    request: post(''),
    status: 400,
    body: rpcError(null, -32700, 'Parse error: the body is not valid JSON'),
  },
  {
    name: 'rejects a batch with 400 -32600 and says why',
    request: post([ping, { ...ping, id: 2 }]),
    status: 400,
    body: rpcError(
      null,
      -32600,
      'Invalid Request: JSON-RPC batches are not supported; send one message per HTTP POST',
    ),
    overHttp: true,
  },
  {
    name: 'rejects a JSON string body with 400 -32600',
    request: post('"ping"'),
    status: 400,
    body: rpcError(null, -32600, 'Invalid Request: the body must be a JSON-RPC object'),
  },
  {
    name: 'rejects a JSON-RPC response sent by the client with 400',
    request: post({ jsonrpc: '2.0', id: 1, result: {} }),
    status: 400,
    body: rpcError(
      null,
      -32600,
      'Invalid Request: this server sends no requests, so it accepts no JSON-RPC responses',
    ),
    overHttp: true,
  },
  {
    name: 'rejects a JSON-RPC error response sent by the client with 400',
    request: post({ jsonrpc: '2.0', id: 1, error: { code: 1, message: 'no' } }),
    status: 400,
    body: rpcError(
      null,
      -32600,
      'Invalid Request: this server sends no requests, so it accepts no JSON-RPC responses',
    ),
  },
  {
    name: 'rejects a message without jsonrpc with 400 -32600, answering its readable id',
    request: post({ id: 1, method: 'ping' }),
    status: 400,
    body: rpcError(1, -32600, 'Invalid Request: "jsonrpc" must be "2.0"'),
  },
  {
    name: 'rejects jsonrpc 1.0 with 400 -32600',
    request: post({ ...ping, jsonrpc: '1.0' }),
    status: 400,
    body: rpcError(1, -32600, 'Invalid Request: "jsonrpc" must be "2.0"'),
  },
  {
    name: 'rejects a message without method with 400 -32600',
    request: post({ jsonrpc: '2.0', id: 1 }),
    status: 400,
    body: rpcError(1, -32600, 'Invalid Request: "method" is required'),
  },
  {
    name: 'rejects a non-string method with 400 -32600',
    request: post({ ...ping, method: 42 }),
    status: 400,
    body: rpcError(1, -32600, 'Invalid Request: "method" must be a non-empty string'),
  },
  ...[{ id: { n: 1 } }, { id: 1.5 }, { id: null }, { id: true }].map(
    ({ id }): BadInputCase => ({
      name: `rejects the id ${JSON.stringify(id)} with 400 -32600`,
      request: post({ ...ping, id }),
      status: 400,
      body: rpcError(
        null,
        -32600,
        'Invalid Request: "id" must be a string or an integer between -(2^53 - 1) and 2^53 - 1',
      ),
    }),
  ),
  ...[[1, 2], 'text', 7, null].map(
    (params): BadInputCase => ({
      name: `rejects params ${JSON.stringify(params)} with 400 -32600`,
      request: post({ ...ping, params }),
      status: 400,
      body: rpcError(1, -32600, 'Invalid Request: "params" must be an object'),
    }),
  ),
  {
    name: 'accepts a notification with 202 and an empty body',
    request: post({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    status: 202,
    body: '',
    overHttp: true,
  },
];
