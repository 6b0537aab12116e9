import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesToBase64Url } from './base64.ts';
import { ProtocolError } from './errors.ts';
import { type RequestBinding, RequestStateSigner } from './request-state.ts';

const binding: RequestBinding = {
  server: 'tables',
  method: 'tools/call',
  target: 'book_table',
  args: { people: 2, day: 'friday' },
  principal: 'user-1',
};
const payload = { responses: { confirm: { action: 'accept' } }, state: { step: 2 } };
const TAMPERED =
  'Invalid requestState: it was modified, or it belongs to a different request or caller. Retry the original request without requestState.';
const EXPIRED =
  'Expired requestState: the input round took too long. Retry the original request without requestState.';

async function rejects(promise: Promise<unknown>, message: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ProtocolError);
    assert.equal(error.code, -32602);
    assert.equal(error.message, message);
    return true;
  });
}

test('verifies what it signed and returns the payload with its expiry', async () => {
  const signer = new RequestStateSigner('secret', 60_000);
  const token = await signer.sign(payload, binding, 1_000);
  assert.deepEqual(await signer.verify(token, binding, 2_000), { ...payload, exp: 61_000 });
});

test('binds arguments whatever their key order', async () => {
  const signer = new RequestStateSigner('secret', 60_000);
  const token = await signer.sign(payload, binding);
  const reordered = { ...binding, args: { day: 'friday', people: 2 } };
  assert.deepEqual((await signer.verify(token, reordered)).responses, payload.responses);
});

test('rejects a token whose payload was edited', async () => {
  const signer = new RequestStateSigner('secret', 60_000);
  const token = await signer.sign(payload, binding);
  const mac = token.slice(token.indexOf('.') + 1);
  const forged = bytesToBase64Url(
    new TextEncoder().encode(JSON.stringify({ responses: { confirm: { action: 'decline' } }, exp: 9e15 })),
  );
  await rejects(signer.verify(`${forged}.${mac}`, binding), TAMPERED);
});

test('rejects a token whose signature was edited, cut or dropped', async () => {
  const signer = new RequestStateSigner('secret', 60_000);
  const token = await signer.sign(payload, binding);
  await rejects(signer.verify(`${token.slice(0, -2)}AA`, binding), TAMPERED);
  await rejects(signer.verify(token.slice(0, token.indexOf('.')), binding), TAMPERED);
  await rejects(signer.verify(`.${token.slice(token.indexOf('.') + 1)}`, binding), TAMPERED);
  await rejects(signer.verify('', binding), TAMPERED);
});

test('rejects a token minted for another request', async () => {
  const signer = new RequestStateSigner('secret', 60_000);
  const token = await signer.sign(payload, binding);
  await rejects(signer.verify(token, { ...binding, target: 'cancel_table' }), TAMPERED);
  await rejects(signer.verify(token, { ...binding, method: 'prompts/get' }), TAMPERED);
  await rejects(signer.verify(token, { ...binding, args: { people: 20, day: 'friday' } }), TAMPERED);
});

test('rejects a token minted by another server sharing the secret, for a tool of the same name', async () => {
  const signer = new RequestStateSigner('secret', 60_000);
  const token = await signer.sign(payload, binding);
  await rejects(signer.verify(token, { ...binding, server: 'other-tables' }), TAMPERED);
});

test('rejects a token minted for another principal', async () => {
  const signer = new RequestStateSigner('secret', 60_000);
  const token = await signer.sign(payload, binding);
  await rejects(signer.verify(token, { ...binding, principal: 'user-2' }), TAMPERED);
  await rejects(signer.verify(token, { ...binding, principal: '' }), TAMPERED);
});

test('rejects a token signed with another secret', async () => {
  const token = await new RequestStateSigner('secret-a', 60_000).sign(payload, binding);
  await rejects(new RequestStateSigner('secret-b', 60_000).verify(token, binding), TAMPERED);
});

test('rejects an expired token and accepts it up to its expiry', async () => {
  const signer = new RequestStateSigner(new TextEncoder().encode('bytes secret'), 1_000);
  const token = await signer.sign(payload, binding, 10_000);
  assert.equal((await signer.verify(token, binding, 11_000)).exp, 11_000);
  await rejects(signer.verify(token, binding, 11_001), EXPIRED);
});
