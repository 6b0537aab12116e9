import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '../log/logger.ts';
import { createServer } from '../server/create-server.ts';
import { listen } from './subscriptions-listen.ts';

const def = createServer({ name: 'listen', version: '1.0.0', logger: silentLogger }).definition();
const request = {
  jsonrpc: '2.0' as const,
  id: 'listen:1',
  method: 'subscriptions/listen',
  params: { notifications: {} },
};
const options = { keepAliveMs: 60_000, maxMs: 60_000, deadline: undefined, marginMs: 0 };

async function readAll(body: AsyncIterable<string>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return chunks;
}

test('acknowledges with an empty honoured filter, then ends with the listen result when the client leaves', async () => {
  const client = new AbortController();
  const reply = listen(def, request, client.signal, options);
  assert.equal(reply.headers['content-type'], 'text/event-stream');
  setImmediate(() => client.abort());
  const events = (await readAll(reply.body as AsyncIterable<string>)).map((c) =>
    JSON.parse(c.split('data: ')[1] ?? ''),
  );
  assert.deepEqual(events[0], {
    jsonrpc: '2.0',
    method: 'notifications/subscriptions/acknowledged',
    params: { notifications: {}, _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen:1' } },
  });
  assert.equal(events[1].id, 'listen:1');
  assert.equal(events[1].result.resultType, 'complete');
  assert.equal(events[1].result._meta['io.modelcontextprotocol/subscriptionId'], 'listen:1');
  assert.equal(events.length, 2);
});

test('ends at once when the client left before the stream started', async () => {
  const reply = listen(def, request, AbortSignal.abort(), options);
  const events = await readAll(reply.body as AsyncIterable<string>);
  assert.equal(events.length, 2);
});

test('refuses a listen request without a notifications filter with -32602', () => {
  assert.throws(() => listen(def, { ...request, params: {} }, new AbortController().signal, options), {
    message: 'Invalid params: subscriptions/listen requires params.notifications (a filter object)',
  });
});
