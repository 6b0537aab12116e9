import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';

const ROOT = new URL('../../', import.meta.url).href;

// A server whose lifespan resource has been created by a request, then SIGTERM: serve's own
// signal handling must stop accepting, dispose the resource, and exit 0.
const CHILD = `
import { createServer, lifespan } from '${ROOT}index.ts';
import { serve } from '${ROOT}adapters/node/serve.ts';
const pool = lifespan(() => ({ id: 'pool-1' }), { dispose: (p) => { process.stdout.write('disposed ' + p.id + '\\n'); } });
const server = createServer({ name: 'serve-signals', version: '1.0.0' });
server.tool('touch', { description: 'Creates the pool' }, async () => (await pool.get()).id);
const running = await serve(server, { port: 0 });
const answer = await fetch(running.url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'touch' } }),
});
process.stdout.write('answered ' + (await answer.json()).result.content[0].text + '\\n');
`;

test('serve closes, disposes lifespan resources and exits 0 on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('answered')) resolve();
    });
    child.on('exit', () => reject(new Error(`child exited early: ${stdout} ${stderr}`)));
  });
  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
  assert.equal(stdout, 'answered pool-1\ndisposed pool-1\n');
});
