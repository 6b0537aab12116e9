/**
 * The cost of the Lambda Web Adapter path against the native handler, from a cold
 * process each time. Run with `npm run measure -w examples/web-adapter` (Node 24).
 *
 * (a) web adapter: spawn the bundled HTTP server, poll GET /health until it answers (what
 *     the adapter does before the first invoke), then one tools/call over loopback HTTP.
 * (b) native: a fresh process imports the bundled `createStreamingHandler` entry and invokes it once
 *     with a Function URL event.
 * Both bundles are built first; times are from `spawn` in this process to the answer.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { httpApiEvent, mcpRequest } from 'lambda-mcp/testing';
import { bundleEntry } from './build.ts';

const RUNS = Number(process.env.RUNS ?? 15);
const HERE = import.meta.dirname;
const CALL = mcpRequest(
  'tools/call',
  { name: 'get_weather', arguments: { city: 'Lisbon' } },
  { clientInfo: { name: 'measure', version: '1.0.0' } },
);

// A Function URL event (payload format 2.0); the native child writes the streamed body to a sink.
const NATIVE_DRIVER = `
const started = performance.now();
const { handler } = await import(process.argv[1]);
const { Writable } = await import('node:stream');
let body = '';
const sink = new Writable({ write(chunk, _enc, done) { body += chunk; done(); } });
const event = JSON.parse(process.argv[2]);
const context = { awsRequestId: 'r1', functionName: 'measure', getRemainingTimeInMillis: () => 30000 };
await handler(event, sink, context);
if (!body.includes('"temperature":21')) throw new Error('unexpected answer: ' + body);
process.stdout.write(JSON.stringify({ inProcessMs: performance.now() - started }));
`;

async function webAdapterRun(file: string, port: number): Promise<{ healthMs: number; totalMs: number }> {
  const start = performance.now();
  const child = spawn(process.execPath, [file], {
    env: { PATH: process.env.PATH, PORT: String(port) },
    stdio: 'ignore',
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    for (;;) {
      const ok = await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const healthMs = performance.now() - start;
    const response = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: CALL.headers,
      body: CALL.body,
    });
    const text = await response.text();
    if (!text.includes('"temperature":21')) throw new Error(`unexpected answer: ${text}`);
    return { healthMs, totalMs: performance.now() - start };
  } finally {
    child.kill('SIGKILL');
  }
}

function nativeRun(file: string): Promise<{ inProcessMs: number; totalMs: number }> {
  const event = httpApiEvent(CALL);
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', NATIVE_DRIVER, file, JSON.stringify(event)],
      {
        env: { PATH: process.env.PATH, AWS_LAMBDA_FUNCTION_NAME: 'measure' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('close', (code) => {
      const totalMs = performance.now() - start;
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`native run exited with ${code}: ${out}`));
      resolve({ inProcessMs: (JSON.parse(last) as { inProcessMs: number }).inProcessMs, totalMs });
    });
  });
}

function median(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return value.toFixed(1);
}

const dir = mkdtempSync(join(tmpdir(), 'lambda-mcp-measure-'));
try {
  const server = join(dir, 'server.mjs');
  const native = join(dir, 'handler.mjs');
  await bundleEntry(join(HERE, 'src', 'main.ts'), server);
  await bundleEntry(join(HERE, 'src', 'lambda.ts'), native);
  const adapter = { health: [] as number[], total: [] as number[] };
  const direct = { inProcess: [] as number[], total: [] as number[] };
  await webAdapterRun(server, 18_081);
  await nativeRun(native);
  for (let run = 0; run < RUNS; run++) {
    const a = await webAdapterRun(server, 18_100 + run);
    adapter.health.push(a.healthMs);
    adapter.total.push(a.totalMs);
    const n = await nativeRun(native);
    direct.inProcess.push(n.inProcessMs);
    direct.total.push(n.totalMs);
  }
  console.log(`Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model}, median of ${RUNS} runs (ms)`);
  console.table({
    'web adapter: spawn -> /health ready': median(adapter.health),
    'web adapter: spawn -> first tools/call answered': median(adapter.total),
    'native: import bundle + first invocation (in process)': median(direct.inProcess),
    'native: spawn -> first invocation answered': median(direct.total),
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
