import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { EventChannel } from '../../http/event-channel.ts';
import { localStreamRuntime } from './stream-runtime.ts';
import { writeStreamReply } from './write-stream-reply.ts';

const PROGRESS =
  'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}\n\n';

test('a client that leaves mid-stream stops the producer, settles the write and is no stream failure', {
  timeout: 5000,
}, async () => {
  let cancelled = false;
  // A producer that only ends when told: a tool that ignores its signal keeps it open.
  const events = new EventChannel(() => {
    cancelled = true;
  });
  events.push(PROGRESS);
  const written: string[] = [];
  const client = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk.toString());
      // The client hangs up once the first event reached it.
      if (chunk.toString() === PROGRESS) setImmediate(() => client.destroy());
      callback();
    },
  });
  const failures: unknown[] = [];
  const outcome = await writeStreamReply(
    client,
    { status: 200, headers: { 'content-type': 'text/event-stream' }, body: events },
    localStreamRuntime,
    (error) => failures.push(error),
  ).then(
    () => 'finished',
    (error: NodeJS.ErrnoException) => error.code,
  );
  assert.equal(outcome, 'ERR_STREAM_PREMATURE_CLOSE');
  assert.deepEqual(failures, []);
  assert.equal(cancelled, true);
  assert.equal(written.at(-1), PROGRESS);
});
