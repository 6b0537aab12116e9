import assert from 'node:assert/strict';
import { test } from 'node:test';
import { poolSizeFromEnv } from './pool-size.ts';

test('DB_POOL_SIZE: unset or empty is the default, a whole number from 1 is taken', () => {
  assert.equal(poolSizeFromEnv({}), undefined);
  assert.equal(poolSizeFromEnv({ DB_POOL_SIZE: '' }), undefined);
  assert.equal(poolSizeFromEnv({ DB_POOL_SIZE: ' 4 ' }), 4);
});

test('DB_POOL_SIZE: anything else is refused at start, naming the value', () => {
  for (const value of ['ten', '0', '-2', '1.5', '2e1', 'NaN']) {
    assert.throws(() => poolSizeFromEnv({ DB_POOL_SIZE: value }), {
      message: `DB_POOL_SIZE must be a whole number of connections, 1 or more; got '${value}'`,
    });
  }
});
