import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createExchangeHandler } from 'lambda-mcp/http';
import { server } from '../../examples/everything/src/server.ts';

/**
 * The core bugs the conformance suite exposed, pinned with exact statuses and messages so
 * they stay fixed even if a later suite version stops probing them.
 */
const handle = createExchangeHandler(server);
const MODERN = '2026-07-28';
const meta = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientCapabilities': { elicitation: {} },
};

async function post(
  method: string,
  params: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<{ status: number; body: { error?: { code: number; message: string } } }> {
  const reply = await handle({
    method: 'POST',
    path: '/mcp',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': MODERN,
      'mcp-method': method,
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 7, method, params }),
    platform: { kind: 'other', name: 'test', request: undefined },
  });
  assert.equal(typeof reply.body, 'string');
  return { status: reply.status, body: JSON.parse(reply.body as string) };
}

describe('core fixes found by the conformance suite', () => {
  it('rejects a header version that differs from an unknown body version with -32020, not -32022', async () => {
    const { status, body } = await post(
      'server/discover',
      { _meta: { ...meta, 'io.modelcontextprotocol/protocolVersion': 'v999.0.0' } },
      {},
    );
    assert.equal(status, 400);
    assert.deepEqual(body.error, {
      code: -32020,
      message: `Header mismatch: MCP-Protocol-Version header value '${MODERN}' does not match body value 'v999.0.0'`,
    });
  });

  it('rejects an unpadded Base64 Mcp-Param value with 400 and -32020', async () => {
    const { status, body } = await post(
      'tools/call',
      { name: 'test_region_lookup', arguments: { region: 'Hello' }, _meta: meta },
      { 'mcp-name': 'test_region_lookup', 'mcp-param-region': '=?base64?SGVsbG8?=' },
    );
    assert.equal(status, 400);
    assert.deepEqual(body.error, {
      code: -32020,
      message: 'Header mismatch: a Base64-encoded header value is not padded Base64',
    });
  });

  it('rejects an input response that is not a result object with 400 and -32602', async () => {
    const { status, body } = await post(
      'tools/call',
      {
        name: 'test_input_required_result_elicitation',
        arguments: {},
        inputResponses: { user_name: 12345 },
        _meta: meta,
      },
      { 'mcp-name': 'test_input_required_result_elicitation' },
    );
    assert.equal(status, 400);
    assert.deepEqual(body.error, {
      code: -32602,
      message: 'Invalid params: inputResponses.user_name must be a result object',
    });
  });
});
