import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const LOGGER = new URL('./logger.ts', import.meta.url).href;

test('the JSON logger writes info lines to stdout and warnings to stderr, whole and in order', async () => {
  // A fresh process with piped stdio, as under Lambda: the lines go straight to fds 1 and 2.
  const script = `
    import { createJsonLogger } from '${LOGGER}';
    const log = createJsonLogger({ base: { service: 's' } });
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
