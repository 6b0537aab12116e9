import assert from 'node:assert/strict';
import { test } from 'node:test';
import { disposeAll, lifespan } from './lifespan.ts';

test('creates nothing until the first get', async () => {
  let created = 0;
  const pool = lifespan(() => ({ id: ++created }));
  assert.equal(created, 0);
  assert.equal(pool.ready, false);
  assert.deepEqual(await pool.get(), { id: 1 });
  assert.equal(pool.ready, true);
});

test('shares one creation between concurrent and later gets', async () => {
  let created = 0;
  const pool = lifespan(async () => ({ id: ++created }));
  const [a, b] = await Promise.all([pool.get(), pool.get()]);
  const c = await pool.get();
  assert.equal(created, 1);
  assert.equal(a, b);
  assert.equal(b, c);
});

test('retries a failed creation on the next get', async () => {
  let attempts = 0;
  const pool = lifespan(async () => {
    attempts++;
    if (attempts === 1) throw new Error('database not ready');
    return 'connected';
  });
  await assert.rejects(pool.get(), /database not ready/);
  assert.equal(pool.ready, false);
  assert.equal(await pool.get(), 'connected');
  assert.equal(attempts, 2);
});

test('retries a creation that threw synchronously', async () => {
  let attempts = 0;
  const pool = lifespan(() => {
    if (++attempts === 1) throw new Error('boom');
    return attempts;
  });
  await assert.rejects(pool.get(), /boom/);
  assert.equal(await pool.get(), 2);
});

test('disposes the created value once and creates it again afterwards', async () => {
  const disposed: number[] = [];
  let created = 0;
  const pool = lifespan(() => ++created, { dispose: (value) => disposed.push(value) });
  await pool.get();
  await pool.dispose();
  await pool.dispose();
  assert.deepEqual(disposed, [1]);
  assert.equal(pool.ready, false);
  assert.equal(await pool.get(), 2);
});

test('does not dispose what was never created', async () => {
  const disposed: unknown[] = [];
  const pool = lifespan(() => 'value', { dispose: (value) => disposed.push(value) });
  await pool.dispose();
  assert.deepEqual(disposed, []);
});

test('disposeAll disposes every created resource even when one dispose fails', async () => {
  const disposed: string[] = [];
  const a = lifespan(() => 'a', { dispose: (v) => disposed.push(v) });
  const b = lifespan(() => 'b', {
    dispose: () => {
      throw new Error('close failed');
    },
  });
  const c = lifespan(() => 'c', { dispose: (v) => disposed.push(v) });
  await Promise.all([a.get(), b.get(), c.get()]);
  await disposeAll();
  assert.deepEqual(disposed.sort(), ['a', 'c']);
  assert.equal(a.ready || b.ready || c.ready, false);
});

test('disposes a resource whose creation was still running when dispose was called', async () => {
  const disposed: string[] = [];
  let finish: (value: string) => void = () => {};
  const slow = lifespan(() => new Promise<string>((resolve) => (finish = resolve)), {
    dispose: (value) => disposed.push(value),
  });
  const first = slow.get();
  await Promise.resolve();
  const disposing = slow.dispose();
  finish('pool-1');
  assert.equal(await first, 'pool-1');
  await disposing;
  assert.deepEqual(disposed, ['pool-1']);
  assert.equal(slow.ready, false);
});
