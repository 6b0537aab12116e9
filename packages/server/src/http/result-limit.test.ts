import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonRpcRequest } from '../protocol/jsonrpc.ts';
import { fitResult } from './result-limit.ts';

const request: JsonRpcRequest = { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'ask' } };

function oversized(result: Record<string, unknown>) {
  const message = { result };
  return fitResult(request, message, JSON.stringify({ jsonrpc: '2.0', id: 3, result }), { maxBytes: 200 });
}

test('an oversized InputRequiredResult becomes a complete tool error, not an input_required one without input requests', () => {
  const fitted = oversized({
    resultType: 'input_required',
    inputRequests: { big: { method: 'roots/list' } },
    requestState: 'x'.repeat(500),
  });
  assert.equal(fitted.replaced, 'tool_error');
  const { result } = JSON.parse(fitted.serialized);
  assert.equal(result.resultType, 'complete');
  assert.equal(result.isError, true);
  assert.equal(result.inputRequests, undefined);
});

test('an oversized complete result on 2026-07-28 keeps resultType complete, and a 2025 one gets none', () => {
  const modern = JSON.parse(
    oversized({ resultType: 'complete', content: [{ type: 'text', text: 'y'.repeat(500) }] }).serialized,
  );
  assert.equal(modern.result.resultType, 'complete');
  const legacy = JSON.parse(oversized({ content: [{ type: 'text', text: 'y'.repeat(500) }] }).serialized);
  assert.equal(Object.hasOwn(legacy.result, 'resultType'), false);
});
