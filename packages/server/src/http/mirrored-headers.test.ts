import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtocolError } from '../protocol/errors.ts';
import { findParamHeaders } from '../server/param-headers.ts';
import {
  checkMirroredHeaders,
  checkParamHeaders,
  decodeHeaderValue,
  encodeHeaderValue,
} from './mirrored-headers.ts';

const sentinel = (text: string) =>
  `=?base64?${btoa(String.fromCharCode(...new TextEncoder().encode(text)))}?=`;

function rejects(run: () => unknown, code: number, message: string) {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ProtocolError);
    assert.deepEqual(error.toJSON(), { code, message });
    return true;
  });
}
const mismatch = (run: () => unknown, message: string) => rejects(run, -32020, `Header mismatch: ${message}`);

test('accepts Mcp-Method alone for a method that names nothing', () => {
  checkMirroredHeaders({ 'mcp-method': 'tools/list' }, 'tools/list', {});
});

test('accepts Mcp-Name mirroring the tool name, prompt name or resource uri', () => {
  checkMirroredHeaders({ 'mcp-method': 'tools/call', 'mcp-name': 'echo' }, 'tools/call', { name: 'echo' });
  checkMirroredHeaders({ 'mcp-method': 'prompts/get', 'mcp-name': 'greet' }, 'prompts/get', {
    name: 'greet',
  });
  checkMirroredHeaders({ 'mcp-method': 'resources/read', 'mcp-name': 'file:///a' }, 'resources/read', {
    uri: 'file:///a',
  });
});

test('accepts a Base64 sentinel Mcp-Name for a name that is not header-safe', () => {
  checkMirroredHeaders({ 'mcp-method': 'tools/call', 'mcp-name': sentinel('météo') }, 'tools/call', {
    name: 'météo',
  });
});

test('rejects a missing or different Mcp-Method with -32020', () => {
  mismatch(() => checkMirroredHeaders({}, 'tools/list', {}), 'the Mcp-Method header is required');
  mismatch(
    () => checkMirroredHeaders({ 'mcp-method': 'TOOLS/LIST' }, 'tools/list', {}),
    "Mcp-Method header value 'TOOLS/LIST' does not match body value 'tools/list'",
  );
});

test('rejects a missing or different Mcp-Name with -32020', () => {
  mismatch(
    () => checkMirroredHeaders({ 'mcp-method': 'tools/call' }, 'tools/call', { name: 'echo' }),
    'the Mcp-Name header is required',
  );
  mismatch(
    () =>
      checkMirroredHeaders({ 'mcp-method': 'tools/call', 'mcp-name': 'Echo' }, 'tools/call', {
        name: 'echo',
      }),
    "Mcp-Name header value 'Echo' does not match body value 'echo'",
  );
  mismatch(
    () =>
      checkMirroredHeaders({ 'mcp-method': 'tools/call', 'mcp-name': sentinel('other') }, 'tools/call', {
        name: 'echo',
      }),
    "Mcp-Name header value 'other' does not match body value 'echo'",
  );
});

test('rejects a named method whose name is not a string with -32602', () => {
  rejects(
    () =>
      checkMirroredHeaders({ 'mcp-method': 'resources/read', 'mcp-name': '5' }, 'resources/read', { uri: 5 }),
    -32602,
    'Invalid params: resources/read requires params.uri (a string)',
  );
});

test('treats methods named after Object.prototype members as naming nothing', () => {
  checkMirroredHeaders({ 'mcp-method': 'toString' }, 'toString', {});
  checkMirroredHeaders({ 'mcp-method': 'constructor' }, 'constructor', {});
});

test('decodes the Base64 sentinel and passes plain values through', () => {
  assert.equal(decodeHeaderValue(sentinel('日本')), '日本');
  assert.equal(decodeHeaderValue('plain value\twith tab'), 'plain value\twith tab');
  assert.equal(decodeHeaderValue('=?base64??='), '');
});

test('rejects a sentinel that is not UTF-8 and a plain value with control characters with -32020', () => {
  mismatch(
    () => decodeHeaderValue('=?base64?/w==?='),
    'a Base64-encoded header value is not valid Base64 UTF-8',
  );
  mismatch(() => decodeHeaderValue('a\u0000b'), 'a header value contains invalid characters');
  mismatch(() => decodeHeaderValue('café'), 'a header value contains invalid characters');
});

const schema = {
  type: 'object',
  properties: {
    region: { type: 'string', 'x-mcp-header': 'Region' },
    limit: { type: 'integer', 'x-mcp-header': 'Limit' },
    filter: { type: 'object', properties: { owner: { type: 'string', 'x-mcp-header': 'Owner' } } },
  },
};
const params = findParamHeaders(schema);

test('finds x-mcp-header annotations through nested properties', () => {
  assert.deepEqual(params, [
    { header: 'region', path: ['region'], type: 'string' },
    { header: 'limit', path: ['limit'], type: 'integer' },
    { header: 'owner', path: ['filter', 'owner'], type: 'string' },
  ]);
});

test('accepts Mcp-Param-* headers equal to their arguments, numbers compared as numbers', () => {
  checkParamHeaders(
    { 'mcp-param-region': 'eu', 'mcp-param-limit': '10.0', 'mcp-param-owner': sentinel('zoë') },
    params,
    { region: 'eu', limit: 10, filter: { owner: 'zoë' } },
  );
  checkParamHeaders({}, params, {});
});

test('rejects a missing, extra or different Mcp-Param-* header with -32020', () => {
  mismatch(
    () => checkParamHeaders({}, params, { region: 'eu' }),
    'the Mcp-Param-region header is required when the argument is present',
  );
  mismatch(
    () => checkParamHeaders({ 'mcp-param-region': 'eu' }, params, {}),
    'Mcp-Param-region header is present but the argument is absent',
  );
  mismatch(
    () => checkParamHeaders({ 'mcp-param-limit': 'ten' }, params, { limit: 10 }),
    "Mcp-Param-limit header value 'ten' does not match body value '10'",
  );
  mismatch(
    () => checkParamHeaders({ 'mcp-param-limit': ' ' }, params, { limit: 0 }),
    "Mcp-Param-limit header value ' ' does not match body value '0'",
  );
  mismatch(
    () => checkParamHeaders({ 'mcp-param-owner': sentinel('zoe') }, params, { filter: { owner: 'zoë' } }),
    "Mcp-Param-owner header value 'zoe' does not match body value 'zoë'",
  );
});

test('compares integer Mcp-Param-* values as decimal numbers only: hex, exponents and padding are mismatches', () => {
  checkParamHeaders({ 'mcp-param-limit': '-7' }, params, { limit: -7 });
  checkParamHeaders({ 'mcp-param-limit': '42.00' }, params, { limit: 42 });
  // A gateway routing on the header reads these as other values (or as text) than the body's 42.
  for (const header of [
    '0x2A',
    '0b101010',
    '0o52',
    '4.2e1',
    '+42',
    '042',
    sentinel(' 42'),
    sentinel('42\n'),
  ]) {
    mismatch(
      () => checkParamHeaders({ 'mcp-param-limit': header }, params, { limit: 42 }),
      `Mcp-Param-limit header value '${decodeHeaderValue(header)}' does not match body value '42'`,
    );
  }
});

test('reads annotated arguments as own properties: an absent `constructor` argument needs no header', () => {
  const inherited = findParamHeaders({
    type: 'object',
    properties: {
      constructor: { type: 'string', 'x-mcp-header': 'Kind' },
      filter: { type: 'object', properties: { length: { type: 'integer', 'x-mcp-header': 'Length' } } },
    },
  });
  checkParamHeaders({}, inherited, {});
  checkParamHeaders({}, inherited, { filter: 'abc' });
  checkParamHeaders({ 'mcp-param-kind': 'x' }, inherited, { constructor: 'x' });
});

test('encodes what a header cannot carry plainly: edge whitespace and values that look like the sentinel', () => {
  for (const value of [' padded ', 'tab\t', '=?base64?literal?=', '=?base64?abcd?=', 'zoë', 'plain-name']) {
    const encoded = encodeHeaderValue(value);
    // HTTP drops the whitespace around a field value: what the server reads is the trimmed header.
    assert.equal(decodeHeaderValue(encoded.trim()), value, JSON.stringify(value));
  }
  assert.equal(encodeHeaderValue('plain-name'), 'plain-name');
  assert.equal(encodeHeaderValue(' padded '), '=?base64?IHBhZGRlZCA=?=');
  assert.equal(encodeHeaderValue('=?base64?literal?='), '=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=');
});
