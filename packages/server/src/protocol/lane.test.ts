import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtocolError } from './errors.ts';
import { META, selectLane } from './lane.ts';
import { SUPPORTED_VERSIONS } from './versions.ts';

const MODERN = '2026-07-28';
const caps = { elicitation: { form: {} } };
const clientInfo = { name: 'client', version: '1.0.0' };

function modernParams(meta: Record<string, unknown> = {}) {
  return {
    _meta: {
      [META.protocolVersion]: MODERN,
      [META.clientCapabilities]: caps,
      [META.clientInfo]: clientInfo,
      ...meta,
    },
  };
}

function rejects(run: () => unknown, code: number, message: string, data?: unknown) {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ProtocolError);
    assert.deepEqual(error.toJSON(), data === undefined ? { code, message } : { code, message, data });
    return true;
  });
}

test('puts a request without _meta and without header on the 2025-03-26 lane', () => {
  assert.deepEqual(selectLane('tools/list', undefined, undefined), {
    lane: 'legacy',
    version: '2025-03-26',
    meta: {},
    clientInfo: undefined,
    capabilities: {},
    logLevel: 'debug',
  });
});

test('follows a supported 2025 MCP-Protocol-Version header', () => {
  assert.equal(selectLane('tools/list', {}, '2025-06-18').version, '2025-06-18');
  assert.equal(selectLane('tools/list', {}, '2025-11-25').lane, 'legacy');
});

test('negotiates initialize: echoes a 2025 version it speaks, otherwise offers 2025-11-25', () => {
  assert.equal(selectLane('initialize', { protocolVersion: '2025-06-18' }, undefined).version, '2025-06-18');
  assert.equal(selectLane('initialize', { protocolVersion: '2024-11-05' }, undefined).version, '2025-11-25');
  assert.equal(selectLane('initialize', { protocolVersion: MODERN }, undefined).version, '2025-11-25');
  assert.equal(selectLane('initialize', {}, undefined).version, '2025-11-25');
});

test('rejects an unsupported 2025 header version with -32022 and the supported list', () => {
  rejects(
    () => selectLane('tools/list', {}, '1999-01-01'),
    -32022,
    `Unsupported protocol version: 1999-01-01. Supported versions: ${SUPPORTED_VERSIONS.join(', ')}`,
    { supported: SUPPORTED_VERSIONS, requested: '1999-01-01' },
  );
});

test('rejects a 2026-07-28 header without _meta protocolVersion with -32602', () => {
  rejects(
    () => selectLane('tools/list', { _meta: {} }, MODERN),
    -32602,
    `Invalid params: _meta is missing ${META.protocolVersion} (required on ${MODERN})`,
  );
});

test('rejects the 2026-07-28-only methods without _meta protocolVersion with -32602', () => {
  for (const method of ['server/discover', 'subscriptions/listen']) {
    rejects(
      () => selectLane(method, {}, undefined),
      -32602,
      `Invalid params: _meta is missing ${META.protocolVersion} (required on ${MODERN})`,
    );
  }
});

test('rejects a protocolVersion that is not a string with -32602', () => {
  rejects(
    () => selectLane('tools/list', modernParams({ [META.protocolVersion]: 20260728 }), MODERN),
    -32602,
    `Invalid params: _meta ${META.protocolVersion} must be a string`,
  );
});

test('rejects a header version that differs from the body with -32020', () => {
  rejects(
    () => selectLane('tools/list', modernParams(), '2025-11-25'),
    -32020,
    `Header mismatch: MCP-Protocol-Version header value '2025-11-25' does not match body value '${MODERN}'`,
  );
});

test('rejects a 2026-07-28 body without the MCP-Protocol-Version header with -32020', () => {
  rejects(
    () => selectLane('tools/list', modernParams(), undefined),
    -32020,
    'Header mismatch: the MCP-Protocol-Version header is required',
  );
});

test('rejects an unsupported _meta version with -32022 and the supported list', () => {
  rejects(
    () => selectLane('tools/list', modernParams({ [META.protocolVersion]: '2099-01-01' }), '2099-01-01'),
    -32022,
    `Unsupported protocol version: 2099-01-01. Supported versions: ${SUPPORTED_VERSIONS.join(', ')}`,
    { supported: SUPPORTED_VERSIONS, requested: '2099-01-01' },
  );
});

test('rejects missing or non-object clientCapabilities with -32602', () => {
  for (const value of [undefined, 'all', ['elicitation'], null]) {
    rejects(
      () => selectLane('tools/list', modernParams({ [META.clientCapabilities]: value }), MODERN),
      -32602,
      `Invalid params: _meta is missing ${META.clientCapabilities} (required on ${MODERN})`,
    );
  }
});

test('rejects an unknown log level with -32602', () => {
  rejects(
    () => selectLane('tools/list', modernParams({ [META.logLevel]: 'verbose' }), MODERN),
    -32602,
    `Invalid params: _meta ${META.logLevel} must be one of debug, info, notice, warning, error, critical, alert, emergency`,
  );
});

test('selects the 2026-07-28 lane with what _meta says about the client', () => {
  const params = modernParams({ [META.logLevel]: 'warning' });
  assert.deepEqual(selectLane('tools/call', params, MODERN), {
    lane: 'modern',
    version: MODERN,
    meta: params._meta,
    clientInfo,
    capabilities: caps,
    logLevel: 'warning',
  });
});

test('ignores a clientInfo that is not an object', () => {
  const selection = selectLane('tools/list', modernParams({ [META.clientInfo]: 'client' }), MODERN);
  assert.equal(selection.clientInfo, undefined);
  assert.equal(selection.logLevel, undefined);
});

test('rejects a 2025 version named in _meta with -32022 that says 2025 revisions use initialize', () => {
  rejects(
    () => selectLane('tools/list', modernParams({ [META.protocolVersion]: '2025-11-25' }), '2025-11-25'),
    -32022,
    `Protocol version 2025-11-25 does not use per-request _meta: use ${MODERN}, or send initialize for a 2025 revision`,
    { supported: SUPPORTED_VERSIONS, requested: '2025-11-25' },
  );
});

test('a 2026-07-28-only method under a 2025 header says the field is required on 2026-07-28, not on 2025', () => {
  rejects(
    () => selectLane('server/discover', {}, '2025-11-25'),
    -32602,
    `Invalid params: _meta is missing ${META.protocolVersion} (required on ${MODERN})`,
  );
});

test('a 2026-07-28-only method under a header naming an unknown version is an unsupported version (-32022)', () => {
  rejects(
    () => selectLane('server/discover', {}, '2099-01-01'),
    -32022,
    `Unsupported protocol version: 2099-01-01. Supported versions: ${SUPPORTED_VERSIONS.join(', ')}`,
    { supported: SUPPORTED_VERSIONS, requested: '2099-01-01' },
  );
});
