import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { createConnectionPool, PoolClosedError } from './connection-pool.ts';

/** A pool of numbered fake connections that records which were closed. */
function fakePool(max: number) {
  let opened = 0;
  const closed: number[] = [];
  const pool = createConnectionPool<number>({
    max,
    idleTimeoutMillis: 60_000,
    open: () => {
      opened += 1;
      return opened;
    },
    close: async (connection) => {
      closed.push(connection);
    },
  });
  return { pool, closed, opened: () => opened };
}

const settledNow = async <T>(promise: Promise<T>) => {
  const pending = Symbol('pending');
  return Promise.race([
    promise,
    new Promise<typeof pending>((resolve) => setImmediate(() => resolve(pending))),
  ]).then((value) => (value === pending ? 'pending' : value));
};

describe('createConnectionPool', () => {
  it('opens up to max connections, reuses the most recently released one, and makes the next caller wait', async () => {
    const { pool, opened } = fakePool(2);
    const [a, b] = [await pool.acquire(), await pool.acquire()];
    const third = pool.acquire();
    assert.equal(await settledNow(third), 'pending');
    pool.release(b);
    assert.equal(await third, b);
    pool.release(a);
    pool.release(b);
    assert.equal(pool.isIdle(a), true);
    assert.equal(await pool.acquire(), b, 'most recently used first');
    assert.equal(pool.isIdle(b), false);
    assert.equal(opened(), 2);
  });

  it('closes a discarded connection and opens a new one in its place for a waiting caller', async () => {
    const { pool, closed } = fakePool(1);
    const first = await pool.acquire();
    const next = pool.acquire();
    pool.release(first, true);
    assert.equal(await next, 2);
    assert.deepEqual(closed, [1]);
  });

  it('closes a connection left idle for idleTimeoutMillis', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const { pool, closed } = fakePool(1);
      pool.release(await pool.acquire());
      mock.timers.tick(59_999);
      assert.deepEqual(closed, []);
      mock.timers.tick(1);
      assert.deepEqual(closed, [1]);
      assert.equal(await pool.acquire(), 2);
    } finally {
      mock.timers.reset();
    }
  });

  it('on end(), closes idle connections, refuses waiting and later callers, and closes lent ones when they come back', async () => {
    const { pool, closed } = fakePool(2);
    const [lent, idle] = [await pool.acquire(), await pool.acquire()];
    pool.release(idle);
    const other = await pool.acquire();
    const waiting = pool.acquire();
    const ended = pool.end();
    await assert.rejects(waiting, PoolClosedError);
    await assert.rejects(pool.acquire(), PoolClosedError);
    pool.release(other);
    assert.deepEqual(closed, [idle]);
    assert.equal(await settledNow(ended), 'pending', 'waits for the lent connection');
    pool.release(lent);
    await ended;
    assert.deepEqual(closed, [idle, lent]);
  });
});
