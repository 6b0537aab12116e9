import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Logger } from '../log/logger.ts';
import { silentLogger } from '../log/logger.ts';
import { createServer } from '../server/create-server.ts';
import { DROPPABLE_BACKLOG_BYTES, EventChannel } from './event-channel.ts';
import { isEventStream } from './exchange.ts';
import { createExchangeHandler } from './handle-exchange.ts';

async function drain(channel: AsyncIterable<string>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of channel) chunks.push(chunk);
  return chunks;
}

test('droppable chunks wait only up to the backlog limit; pushed ones always do', async () => {
  const channel = new EventChannel();
  const chunk = 'x'.repeat(1000);
  const fits = Math.floor(DROPPABLE_BACKLOG_BYTES / chunk.length);
  for (let i = 0; i < fits; i++) assert.equal(channel.pushDroppable(chunk), true);
  assert.equal(channel.pushDroppable(chunk), false);
  assert.equal(channel.pushDroppable('y'), true, 'a chunk that still fits is queued');
  assert.equal(channel.pushDroppable(chunk), false);
  assert.equal(channel.dropped, 2);
  channel.push('the answer');
  channel.close();
  const chunks = await drain(channel);
  assert.equal(chunks.length, fits + 2);
  assert.equal(chunks.at(-1), 'the answer');
});

test('what the client reads frees the backlog for later droppable chunks', async () => {
  const channel = new EventChannel();
  const big = 'x'.repeat(DROPPABLE_BACKLOG_BYTES);
  assert.equal(channel.pushDroppable(big), true);
  assert.equal(channel.pushDroppable('late'), false);
  const reader = channel[Symbol.asyncIterator]();
  assert.equal((await reader.next()).value, big);
  assert.equal(channel.pushDroppable('later'), true);
  assert.equal((await reader.next()).value, 'later');
});

test('a tool streaming more progress than a slow client reads keeps its answer, drops the excess and says so', async () => {
  const warnings: { message: string; fields: Record<string, unknown> | undefined }[] = [];
  const logger: Logger = { ...silentLogger, warn: (message, fields) => warnings.push({ message, fields }) };
  const server = createServer({ name: 'chatty', version: '1.0.0', logger });
  const total = 3000;
  server.tool('chatty', { description: 'reports progress with long messages' }, (_args, ctx) => {
    for (let i = 1; i <= total; i++) ctx.progress(i, total, 'x'.repeat(1000));
    return 'done';
  });
  const handle = createExchangeHandler(server);
  const reply = await handle({
    method: 'POST',
    path: '/mcp',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'chatty', _meta: { progressToken: 'p' } },
    }),
    platform: { kind: 'other', name: 'test', request: undefined },
  });
  assert.ok(isEventStream(reply.body));
  // The client reads nothing until the tool has finished.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const events = (await drain(reply.body)).map((event) =>
    JSON.parse(event.replace(/^event: message\ndata: /, '')),
  );
  const progress = events.filter((event) => event.method === 'notifications/progress');
  const last = events.at(-1);
  assert.equal(last.id, 7);
  assert.deepEqual(last.result.content, [{ type: 'text', text: 'done' }]);
  assert.ok(progress.length > 0 && progress.length < total, `${progress.length} progress events kept`);
  assert.deepEqual(warnings, [
    {
      message: 'notifications dropped: the client read the stream slower than they came',
      fields: {
        requestId: 7,
        method: 'tools/call',
        dropped: total - progress.length,
        backlogBytes: DROPPABLE_BACKLOG_BYTES,
      },
    },
  ]);
});

test('a reader stopped while it waits for a chunk (an adapter whose client left) has that wait end as done', {
  timeout: 5000,
}, async () => {
  let cancelled = 0;
  const channel = new EventChannel(() => cancelled++);
  const reader = channel[Symbol.asyncIterator]();
  const waiting = reader.next();
  await reader.return?.();
  assert.deepEqual(await waiting, { value: undefined, done: true });
  assert.equal(cancelled, 1);
});
