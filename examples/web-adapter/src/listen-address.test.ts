import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listenAddress } from './listen-address.ts';

test('listens on 127.0.0.1:8080 outside Lambda with no port set', () => {
  assert.deepEqual(listenAddress({}), { port: 8080, host: '127.0.0.1' });
});

test('prefers AWS_LWA_PORT over PORT', () => {
  assert.deepEqual(listenAddress({ AWS_LWA_PORT: '9000', PORT: '3000' }), { port: 9000, host: '127.0.0.1' });
});

test('uses PORT when AWS_LWA_PORT is unset', () => {
  assert.deepEqual(listenAddress({ PORT: '3000' }), { port: 3000, host: '127.0.0.1' });
});

test('binds 0.0.0.0 inside Lambda, where the adapter connects over the sandbox network', () => {
  assert.deepEqual(listenAddress({ AWS_LAMBDA_FUNCTION_NAME: 'weather' }), { port: 8080, host: '0.0.0.0' });
});

test('rejects a port that is not an integer from 0 to 65535 with a RangeError', () => {
  for (const bad of ['abc', '80.5', '-1', '70000', '']) {
    assert.throws(() => listenAddress({ PORT: bad }), {
      name: 'RangeError',
      message: `Invalid port "${bad}": AWS_LWA_PORT / PORT must be an integer from 0 to 65535`,
    });
  }
});
