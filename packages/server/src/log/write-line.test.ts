import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { createLineWriter } from './write-line.ts';

const run = promisify(execFile);
const LOGGER = new URL('./logger.ts', import.meta.url).href;

test('the JSON logger writes info lines to stdout and warnings to stderr, whole and in order', async () => {
  // A fresh process with piped stdio, as under Lambda: the lines go straight to fds 1 and 2.
  const script = `
    import { createJsonLogger } from '${LOGGER}';
    const log = createJsonLogger({ service: 's' });
    for (let i = 0; i < 200; i++) log.info('line', { i, pad: 'x'.repeat(100) });
    log.warn('careful', { code: 7 });
    log.debug('hidden');
  `;
  const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script]);
  const lines = stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(lines.length, 200);
  assert.deepEqual(
    lines.map((line) => line.i),
    Array.from({ length: 200 }, (_, i) => i),
  );
  assert.deepEqual(Object.keys(lines[0]), ['level', 'message', 'time', 'service', 'i', 'pad']);
  const warning = JSON.parse(stderr);
  assert.equal(warning.level, 'warn');
  assert.equal(warning.message, 'careful');
  assert.equal(warning.code, 7);
});

/** Descriptors that take at most `chunk` bytes per write and refuse (EAGAIN) once `capacity` is reached. */
function fakeDescriptors(options: { chunk?: number; capacity?: number } = {}) {
  const written: Record<number, Buffer[]> = { 1: [], 2: [] };
  const streamed: Record<number, Buffer[]> = { 1: [], 2: [] };
  let total = 0;
  const deferred: (() => void)[] = [];
  const writer = createLineWriter({
    writeSync(fd, data) {
      const bytes = Buffer.from(data);
      const room = (options.capacity ?? Number.POSITIVE_INFINITY) - total;
      if (room <= 0)
        throw Object.assign(new Error('EAGAIN: resource temporarily unavailable'), { code: 'EAGAIN' });
      const taken = bytes.subarray(0, Math.min(bytes.length, options.chunk ?? bytes.length, room));
      written[fd]!.push(taken);
      total += taken.length;
      return taken.length;
    },
    stream: (fd, data) => streamed[fd]!.push(Buffer.from(data)),
    defer: (flush) => deferred.push(flush),
    onExit: () => {},
  });
  const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
  return {
    writer,
    endTurn: () => {
      for (const flush of deferred.splice(0)) flush();
    },
    fd: (fd: 1 | 2) => ({ direct: text(written[fd]!), stream: text(streamed[fd]!) }),
  };
}

test('lines of one turn leave in one write per descriptor, at the end of the turn', () => {
  const out = fakeDescriptors();
  out.writer.write(1, '{"a":1}');
  out.writer.write(2, '{"w":1}');
  out.writer.write(1, '{"b":2}');
  assert.deepEqual(out.fd(1), { direct: '', stream: '' });
  out.endTurn();
  assert.deepEqual(out.fd(1), { direct: '{"a":1}\n{"b":2}\n', stream: '' });
  assert.deepEqual(out.fd(2), { direct: '{"w":1}\n', stream: '' });
});

test('a partial write sends the remaining bytes, multi-byte characters included', () => {
  const out = fakeDescriptors({ chunk: 5 });
  out.writer.write(1, '{"city":"Zürich","note":"日本"}');
  out.endTurn();
  assert.deepEqual(out.fd(1), { direct: '{"city":"Zürich","note":"日本"}\n', stream: '' });
});

test('a descriptor that refuses a write hands the rest, and every later line, to the stream in order', () => {
  const out = fakeDescriptors({ capacity: 10 });
  out.writer.write(1, 'first line');
  out.writer.write(1, 'second');
  out.endTurn();
  out.writer.write(1, 'third');
  out.endTurn();
  const { direct, stream } = out.fd(1);
  assert.equal(direct, 'first line');
  assert.equal(direct + stream, 'first line\nsecond\nthird\n');
});

test('a closed stdout (the reader of the pipe gone: EPIPE) drops the lines instead of crashing the process', async () => {
  const script = `
    import { createJsonLogger } from '${LOGGER}';
    const log = createJsonLogger();
    process.stderr.write('ready\\n');
    setTimeout(() => {
      log.info('first');
      setTimeout(() => {
        log.info('second');
        setTimeout(() => process.stderr.write('still serving\\n'), 50);
      }, 50);
    }, 200);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise((resolve) => child.once('close', resolve));
  assert.deepEqual({ code, stderr }, { code: 0, stderr: 'ready\nstill serving\n' });
});
