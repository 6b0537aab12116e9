import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtocolError } from './errors.ts';
import { parseMessage } from './jsonrpc.ts';

function rejects(body: string, code: number, message: string) {
  assert.throws(
    () => parseMessage(body),
    (error: unknown) => {
      assert.ok(error instanceof ProtocolError);
      assert.deepEqual(error.toJSON(), { code, message });
      return true;
    },
  );
}

test('parses a request with a number id', () => {
  const parsed = parseMessage('{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"cursor":"a"}}');
  assert.deepEqual(parsed, {
    kind: 'request',
    message: { jsonrpc: '2.0', id: 7, method: 'tools/list', params: { cursor: 'a' } },
  });
});

test('reads past a UTF-8 byte order mark, as the decoder of the fetch host already did: every host alike', () => {
  assert.deepEqual(parseMessage('\uFEFF{"jsonrpc":"2.0","id":1,"method":"ping"}'), {
    kind: 'request',
    message: { jsonrpc: '2.0', id: 1, method: 'ping' },
  });
  // Only a leading one: anywhere else it is a character JSON does not allow outside strings.
  rejects(
    '{"jsonrpc":"2.0",\uFEFF"id":1,"method":"ping"}',
    -32700,
    'Parse error: the body is not valid JSON',
  );
});

test('parses a request with a string id and no params', () => {
  assert.deepEqual(parseMessage('{"jsonrpc":"2.0","id":"x","method":"ping"}'), {
    kind: 'request',
    message: { jsonrpc: '2.0', id: 'x', method: 'ping' },
  });
});

test('parses a message without id as a notification', () => {
  assert.deepEqual(parseMessage('{"jsonrpc":"2.0","method":"notifications/initialized"}'), {
    kind: 'notification',
    message: { jsonrpc: '2.0', method: 'notifications/initialized' },
  });
});

test('rejects text that is not JSON with -32700', () => {
  rejects('{nope', -32700, 'Parse error: the body is not valid JSON');
  rejects('', -32700, 'Parse error: the body is not valid JSON');
});

test('rejects a batch with -32600', () => {
  rejects(
    '[{"jsonrpc":"2.0","id":1,"method":"ping"}]',
    -32600,
    'Invalid Request: JSON-RPC batches are not supported; send one message per HTTP POST',
  );
});

test('rejects JSON that is not an object with -32600', () => {
  for (const body of ['null', '3', '"ping"', 'true']) {
    rejects(body, -32600, 'Invalid Request: the body must be a JSON-RPC object');
  }
});

test('rejects a missing or wrong jsonrpc version with -32600', () => {
  rejects('{"id":1,"method":"ping"}', -32600, 'Invalid Request: "jsonrpc" must be "2.0"');
  rejects('{"jsonrpc":2,"id":1,"method":"ping"}', -32600, 'Invalid Request: "jsonrpc" must be "2.0"');
});

test('rejects a JSON-RPC response with -32600', () => {
  const message = 'Invalid Request: this server sends no requests, so it accepts no JSON-RPC responses';
  rejects('{"jsonrpc":"2.0","id":1,"result":{}}', -32600, message);
  rejects('{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"x"}}', -32600, message);
});

test('rejects a missing, empty or non-string method with -32600', () => {
  rejects('{"jsonrpc":"2.0","id":1}', -32600, 'Invalid Request: "method" is required');
  const message = 'Invalid Request: "method" must be a non-empty string';
  rejects('{"jsonrpc":"2.0","id":1,"method":""}', -32600, message);
  rejects('{"jsonrpc":"2.0","id":1,"method":["ping"]}', -32600, message);
});

test('rejects params that are not an object with -32600', () => {
  for (const params of ['[]', '"a"', '1', 'null']) {
    rejects(
      `{"jsonrpc":"2.0","id":1,"method":"ping","params":${params}}`,
      -32600,
      'Invalid Request: "params" must be an object',
    );
  }
});

test('rejects an id that is neither a string nor a safe integer with -32600', () => {
  // Past 2^53 JSON.parse rounds: 9007199254740993 would be answered as ...992, which the client cannot match.
  for (const id of ['null', '1.5', 'true', '{}', '[1]', '9007199254740993', '-9007199254740993', '1e300']) {
    rejects(
      `{"jsonrpc":"2.0","id":${id},"method":"ping"}`,
      -32600,
      'Invalid Request: "id" must be a string or an integer between -(2^53 - 1) and 2^53 - 1',
    );
  }
});

test('accepts the largest safe integer ids and keeps them exact', () => {
  const parsed = parseMessage('{"jsonrpc":"2.0","id":9007199254740991,"method":"ping"}');
  assert.equal(parsed.kind === 'request' && parsed.message.id, 9007199254740991);
});
