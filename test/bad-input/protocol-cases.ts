import { SUPPORTED_VERSIONS } from 'lambda-mcp';
import { type BadInputCase, rpcError, toolErrorResult } from './bad-input-case.ts';
import { legacy, modern } from './requests.ts';

const PV = 'io.modelcontextprotocol/protocolVersion';
const CAPS = 'io.modelcontextprotocol/clientCapabilities';
const echo = { name: 'echo', arguments: { text: 'hi' } };
const mismatch = (message: string) => rpcError(1, -32020, `Header mismatch: ${message}`);
const notFound = (method: string) => rpcError(1, -32601, `Method not found: ${method}`);

/** Requests that parse but break a rule of a revision lane or name something that does not exist. */
export const protocolCases: BadInputCase[] = [
  {
    name: 'rejects a 2026-07-28 request without _meta protocolVersion with 400 -32602',
    request: modern('tools/list', {}, { meta: { [PV]: null } }),
    status: 400,
    body: rpcError(1, -32602, `Invalid params: _meta is missing ${PV} (required on 2026-07-28)`),
    overHttp: true,
  },
  {
    name: 'rejects a 2026-07-28 request without clientCapabilities with 400 -32602',
    request: modern('tools/list', {}, { meta: { [CAPS]: null } }),
    status: 400,
    body: rpcError(1, -32602, `Invalid params: _meta is missing ${CAPS} (required on 2026-07-28)`),
  },
  {
    name: 'rejects an unsupported _meta protocol version with 400 -32022 and the supported list',
    request: modern(
      'tools/list',
      {},
      { meta: { [PV]: '2099-01-01' }, headers: { 'mcp-protocol-version': '2099-01-01' } },
    ),
    status: 400,
    body: rpcError(
      1,
      -32022,
      `Unsupported protocol version: 2099-01-01. Supported versions: ${SUPPORTED_VERSIONS.join(', ')}`,
      { supported: SUPPORTED_VERSIONS, requested: '2099-01-01' },
    ),
    overHttp: true,
  },
  {
    name: 'rejects a header version that differs from the body with 400 -32020',
    request: modern('tools/list', {}, { headers: { 'mcp-protocol-version': '2025-11-25' } }),
    status: 400,
    body: mismatch("MCP-Protocol-Version header value '2025-11-25' does not match body value '2026-07-28'"),
  },
  {
    name: 'rejects a 2026-07-28 body without the MCP-Protocol-Version header with 400 -32020',
    request: modern('tools/list', {}, { headers: { 'mcp-protocol-version': null } }),
    status: 400,
    body: mismatch('the MCP-Protocol-Version header is required'),
  },
  {
    name: 'rejects a missing Mcp-Method header with 400 -32020',
    request: modern('tools/list', {}, { headers: { 'mcp-method': null } }),
    status: 400,
    body: mismatch('the Mcp-Method header is required'),
    overHttp: true,
  },
  {
    name: 'rejects an Mcp-Method header that differs from the body with 400 -32020',
    request: modern('tools/list', {}, { headers: { 'mcp-method': 'prompts/list' } }),
    status: 400,
    body: mismatch("Mcp-Method header value 'prompts/list' does not match body value 'tools/list'"),
  },
  {
    name: 'rejects a missing Mcp-Name header with 400 -32020',
    request: modern('tools/call', echo, { headers: { 'mcp-name': null } }),
    status: 400,
    body: mismatch('the Mcp-Name header is required'),
    overHttp: true,
  },
  {
    name: 'rejects an Mcp-Name header that differs from the body with 400 -32020',
    request: modern('tools/call', echo, { headers: { 'mcp-name': 'other' } }),
    status: 400,
    body: mismatch("Mcp-Name header value 'other' does not match body value 'echo'"),
  },
  {
    name: 'rejects a Base64 sentinel Mcp-Name that decodes to another name with 400 -32020',
    request: modern('tools/call', echo, { headers: { 'mcp-name': `=?base64?${btoa('other')}?=` } }),
    status: 400,
    body: mismatch("Mcp-Name header value 'other' does not match body value 'echo'"),
  },
  {
    name: 'rejects a Base64 sentinel Mcp-Name that is not UTF-8 with 400 -32020',
    request: modern('tools/call', echo, { headers: { 'mcp-name': '=?base64?/w==?=' } }),
    status: 400,
    body: mismatch('a Base64-encoded header value is not valid Base64 UTF-8'),
  },
  {
    name: 'rejects a missing Mcp-Param header for an x-mcp-header argument with 400 -32020',
    request: modern('tools/call', { name: 'by_region', arguments: { region: 'eu' } }),
    status: 400,
    body: mismatch('the Mcp-Param-region header is required when the argument is present'),
  },
  {
    name: 'rejects an Mcp-Param header that differs from the argument with 400 -32020',
    request: modern(
      'tools/call',
      { name: 'by_region', arguments: { region: 'eu' } },
      { headers: { 'mcp-param-region': 'us' } },
    ),
    status: 400,
    body: mismatch("Mcp-Param-region header value 'us' does not match body value 'eu'"),
  },
  {
    name: 'answers an unknown method with 404 -32601',
    request: modern('tools/explode'),
    status: 404,
    body: notFound('tools/explode'),
    overHttp: true,
  },
  {
    name: 'answers a method named after an Object.prototype member with 404 -32601',
    request: modern('toString'),
    status: 404,
    body: notFound('toString'),
  },
  ...['initialize', 'ping', 'logging/setLevel'].map(
    (method): BadInputCase => ({
      name: `answers ${method} on 2026-07-28 with 404 -32601`,
      request: modern(method),
      status: 404,
      body: rpcError(1, -32601, `Method not found: ${method} (removed in protocol revision 2026-07-28)`),
    }),
  ),
  {
    name: 'rejects an unknown tool with 400 -32602',
    request: modern('tools/call', { name: 'nope' }),
    status: 400,
    body: rpcError(1, -32602, 'Unknown tool: nope. Call tools/list to see the available tools.'),
    overHttp: true,
  },
  {
    name: 'rejects a tool name that is not a string with 400 -32602',
    request: modern('tools/call', { name: 5 }, { headers: { 'mcp-name': '5' } }),
    status: 400,
    body: rpcError(1, -32602, 'Invalid params: tools/call requires params.name (a string)'),
  },
  {
    name: 'rejects tool arguments that are not an object with 400 -32602',
    request: modern('tools/call', { name: 'echo', arguments: ['hi'] }),
    status: 400,
    body: rpcError(1, -32602, 'Invalid params: tools/call arguments must be an object'),
  },
  {
    name: 'answers invalid tool arguments with an isError result carrying the validation message',
    request: modern('tools/call', { name: 'echo', arguments: { text: '' } }),
    status: 200,
    body: toolErrorResult(
      'Invalid arguments for tool echo: text: Too small: expected string to have >=1 characters',
      'VALIDATION_ERROR',
    ),
    overHttp: true,
  },
  {
    name: 'rejects a cursor the server did not mint with 400 -32602',
    request: modern('tools/list', { cursor: 'not-a-cursor' }),
    status: 400,
    body: rpcError(1, -32602, 'Invalid cursor: use the nextCursor value from a previous tools/list result'),
    overHttp: true,
  },
  {
    name: 'answers an unknown resource on 2026-07-28 with 400 -32602',
    request: modern('resources/read', { uri: 'file:///nope.txt' }),
    status: 400,
    body: rpcError(1, -32602, 'Resource not found: file:///nope.txt', { uri: 'file:///nope.txt' }),
  },
  {
    name: 'answers an unknown resource on the 2025 lane with HTTP 200 and -32002',
    request: legacy('resources/read', { uri: 'file:///nope.txt' }),
    status: 200,
    body: rpcError(1, -32002, 'Resource not found: file:///nope.txt', { uri: 'file:///nope.txt' }),
  },
  {
    name: 'rejects a tampered requestState with 400 -32602',
    request: modern('tools/call', { name: 'confirm', requestState: 'eyJyZXNwb25zZXMiOnt9fQ.forged' }),
    status: 400,
    body: rpcError(
      1,
      -32602,
      'Invalid requestState: it was modified, or it belongs to a different request or caller. Retry the original request without requestState.',
    ),
    overHttp: true,
  },
  {
    name: 'rejects a requestState that is not a string with 400 -32602',
    request: modern('tools/call', { name: 'confirm', requestState: 42 }),
    status: 400,
    body: rpcError(1, -32602, 'Invalid params: requestState must be the string the server sent'),
  },
  {
    name: 'refuses to elicit from a client without the capability with 400 -32021',
    request: modern('tools/call', { name: 'confirm' }),
    status: 400,
    body: rpcError(1, -32021, 'Missing required client capability: elicitation', {
      requiredCapabilities: { elicitation: {} },
    }),
    overHttp: true,
  },
  {
    name: 'rejects an unknown _meta log level with 400 -32602',
    request: modern('tools/list', {}, { meta: { 'io.modelcontextprotocol/logLevel': 'loud' } }),
    status: 400,
    body: rpcError(
      1,
      -32602,
      'Invalid params: _meta io.modelcontextprotocol/logLevel must be one of debug, info, notice, warning, error, critical, alert, emergency',
    ),
  },
  {
    name: 'rejects subscriptions/listen without Accept: text/event-stream with 400 -32600',
    request: modern(
      'subscriptions/listen',
      { notifications: {} },
      { headers: { accept: 'application/json' } },
    ),
    status: 400,
    body: rpcError(1, -32600, 'subscriptions/listen needs Accept: text/event-stream'),
  },
  {
    name: 'rejects a 2025 MCP-Protocol-Version header the server does not speak with 400 -32022',
    request: legacy('tools/list', {}, { 'mcp-protocol-version': '1999-01-01' }),
    status: 400,
    body: rpcError(
      1,
      -32022,
      `Unsupported protocol version: 1999-01-01. Supported versions: ${SUPPORTED_VERSIONS.join(', ')}`,
      { supported: SUPPORTED_VERSIONS, requested: '1999-01-01' },
    ),
    overHttp: true,
  },
  {
    name: 'answers prompts/get without a required argument on the 2025 lane with 200 -32602',
    request: legacy('prompts/get', { name: 'greet', arguments: {} }),
    status: 200,
    body: rpcError(1, -32602, 'Missing required argument for prompt greet: name'),
    overHttp: true,
  },
  {
    name: 'answers prompts/get without a required argument on 2026-07-28 with 400 -32602',
    request: modern('prompts/get', { name: 'greet' }),
    status: 400,
    body: rpcError(1, -32602, 'Missing required argument for prompt greet: name'),
  },
  {
    name: 'rejects an unknown prompt on the 2025 lane with 200 -32602',
    request: legacy('prompts/get', { name: 'nope' }),
    status: 200,
    body: rpcError(1, -32602, 'Unknown prompt: nope. Call prompts/list to see the available prompts.'),
  },
];
