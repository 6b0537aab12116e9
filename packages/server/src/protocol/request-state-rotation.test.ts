import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtocolError } from './errors.ts';
import {
  type RequestBinding,
  RequestStateSigner,
  type SigningKeySource,
  type SigningKeys,
} from './request-state.ts';

const binding: RequestBinding = {
  server: 'tables',
  method: 'tools/call',
  target: 'delete_project',
  args: { id: 7 },
  principal: 'u1',
};
const payload = { responses: { confirm: { action: 'accept' } } };

/** A key store the test rotates by hand; counts the refreshes it was asked for. */
function rotatingSource(initial: SigningKeys, options: { refreshes: boolean } = { refreshes: true }) {
  const store = { keys: initial, refreshes: 0 };
  let seen = initial;
  const source: SigningKeySource = {
    keys: async () => seen,
    ...(options.refreshes
      ? {
          refresh: async () => {
            store.refreshes += 1;
            seen = store.keys;
            return seen;
          },
        }
      : {}),
  };
  const rotate = (keys: SigningKeys) => {
    store.keys = keys;
  };
  return { store, source, rotate };
}

const isTampered = (error: unknown) =>
  error instanceof ProtocolError && error.code === -32602 && error.message.startsWith('Invalid requestState');

describe('RequestStateSigner with rotating keys', () => {
  it('signs with the current key and verifies a token signed with the previous one', async () => {
    const before = new RequestStateSigner('key-1', 60_000);
    const token = await before.sign(payload, binding);
    const after = new RequestStateSigner(
      rotatingSource({ current: 'key-2', previous: 'key-1' }).source,
      60_000,
    );
    assert.deepEqual((await after.verify(token, binding)).responses, payload.responses);
    // What it signs now verifies only with key-2.
    const fresh = await after.sign(payload, binding);
    await assert.rejects(before.verify(fresh, binding), isTampered);
    await new RequestStateSigner('key-2', 60_000).verify(fresh, binding);
  });

  it('reads the keys again when a token verifies with neither, and accepts it under the rotated key', async () => {
    const { store, source, rotate } = rotatingSource({ current: 'key-1' });
    const stale = new RequestStateSigner(source, 60_000);
    await stale.sign(payload, binding);
    rotate({ current: 'key-2', previous: 'key-1' });
    // Another instance already signs with key-2.
    const token = await new RequestStateSigner('key-2', 60_000).sign(payload, binding);
    await stale.verify(token, binding);
    assert.equal(store.refreshes, 1);
  });

  it('refuses a token signed with a key that is neither current nor previous, even after a refresh', async () => {
    const { store, source } = rotatingSource({ current: 'key-3', previous: 'key-2' });
    const token = await new RequestStateSigner('key-1', 60_000).sign(payload, binding);
    await assert.rejects(new RequestStateSigner(source, 60_000).verify(token, binding), isTampered);
    assert.equal(store.refreshes, 1);
  });

  it('refuses without a refresh when the source cannot refresh', async () => {
    const { source } = rotatingSource({ current: 'key-2' }, { refreshes: false });
    const token = await new RequestStateSigner('key-1', 60_000).sign(payload, binding);
    await assert.rejects(new RequestStateSigner(source, 60_000).verify(token, binding), isTampered);
  });
});
