import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createServer } from './create-server.ts';

const base = { name: 'options-check', version: '1.0.0' };

test('createServer refuses a pageSize that is not an integer of at least 1', () => {
  for (const pageSize of [0, -5, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => createServer({ ...base, pageSize }), {
      name: 'TypeError',
      message: `createServer: pageSize must be an integer of at least 1, got ${String(pageSize)}`,
    });
  }
  assert.doesNotThrow(() => createServer({ ...base, pageSize: 1 }));
});

test('createServer refuses a requestState.ttlMs that is not a finite number above 0', () => {
  for (const ttlMs of [0, -1, Number.POSITIVE_INFINITY, Number.NaN]) {
    assert.throws(() => createServer({ ...base, requestState: { ttlMs } }), {
      name: 'TypeError',
      message: `createServer: requestState.ttlMs must be a finite number of milliseconds above 0, got ${String(ttlMs)}`,
    });
  }
  assert.doesNotThrow(() => createServer({ ...base, requestState: { ttlMs: 1500.5 } }));
});

test('createServer refuses cache hints the result schema cannot carry', () => {
  assert.throws(() => createServer({ ...base, cache: { lists: { ttlMs: 1.5, scope: 'public' } } }), {
    name: 'TypeError',
    message: 'createServer: cache.lists.ttlMs must be a whole number of milliseconds, 0 or more, got 1.5',
  });
  assert.throws(() => createServer({ ...base, cache: { reads: { ttlMs: -1, scope: 'private' } } }), {
    name: 'TypeError',
    message: 'createServer: cache.reads.ttlMs must be a whole number of milliseconds, 0 or more, got -1',
  });
  assert.throws(
    () => createServer({ ...base, cache: { tools: { ttlMs: 0, scope: 'shared' as 'public' } } }),
    {
      name: 'TypeError',
      message: `createServer: cache.tools.scope must be 'public' or 'private', got "shared"`,
    },
  );
  assert.doesNotThrow(() => createServer({ ...base, cache: { tools: { ttlMs: 0, scope: 'private' } } }));
});
