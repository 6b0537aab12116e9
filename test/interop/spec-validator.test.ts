import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateServerMessage } from './spec-validator.ts';

test('accepts a 2026-07-28 tools/call result with resultType', () => {
  const message = {
    jsonrpc: '2.0',
    id: 1,
    result: { resultType: 'complete', content: [{ type: 'text', text: 'x' }] },
  };
  assert.deepEqual(validateServerMessage('2026-07-28', 'tools/call', message), []);
});

test('reports a 2026-07-28 result without resultType against CallToolResult', () => {
  const message = { jsonrpc: '2.0', id: 1, result: { content: [] } };
  const types = validateServerMessage('2026-07-28', 'tools/call', message).map((v) => v.type);
  assert.ok(types.includes('CallToolResult'));
});

test('checks an input_required result against InputRequiredResult', () => {
  const message = { jsonrpc: '2.0', id: 1, result: { resultType: 'input_required', inputRequests: 'nope' } };
  const types = validateServerMessage('2026-07-28', 'tools/call', message).map((v) => v.type);
  assert.ok(types.includes('InputRequiredResult'));
});

test('checks a -32021 error against MissingRequiredClientCapabilityError', () => {
  const message = { jsonrpc: '2.0', id: 1, error: { code: -32021, message: 'missing' } };
  const [violation] = validateServerMessage('2026-07-28', 'tools/call', message);
  assert.equal(violation?.type, 'MissingRequiredClientCapabilityError');
  assert.deepEqual(violation?.errors, ["/error must have required property 'data'"]);
});

test('checks notifications against ServerNotification', () => {
  const message = { jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 'half' } };
  const [violation] = validateServerMessage('2026-07-28', 'tools/call', message);
  assert.equal(violation?.type, 'ServerNotification');
  assert.equal(violation?.method, 'notifications/progress');
});

test('validates draft-07 revisions with their own schema (2025-03-26 has no structuredContent type)', () => {
  const message = { jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-03-26', capabilities: {} } };
  const types = validateServerMessage('2025-03-26', 'initialize', message).map((v) => v.type);
  assert.deepEqual(types, ['InitializeResult']);
});
