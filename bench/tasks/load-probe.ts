/**
 * A load generator in its own process: `clients` concurrent keep-alive connections send
 * `requests` tools/call requests of one operation (after `warmup` unmeasured ones) and
 * time each from send to the last byte. Every answer is checked to be a real result.
 * Usage: node bench/tasks/load-probe.ts <url> <operation> <requests> <clients> <warmup> <projectIds, comma-separated>
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { emitResult } from '../probe-output.ts';
import { percentile } from '../stats.ts';
import { type Operation, structuredResult, toolArguments, toolsCall } from './tasks-requests.ts';

const [url, operation, requests, clients, warmup, projects] = process.argv.slice(2) as [
  string,
  Operation,
  string,
  string,
  string,
  string,
];
const projectIds = projects.split(',').map(Number);
const agent = new Agent({ keepAlive: true, maxSockets: Number(clients) });
const target = new URL(url);

function call(n: number): Promise<void> {
  const { headers, body } = toolsCall(operation, toolArguments(operation, projectIds, n), n);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          try {
            structuredResult(res.statusCode ?? 0, text, operation);
            resolve();
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `total` calls over `clients` workers; returns each call's latency in ms. */
async function run(total: number, offset: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const n = offset + next++;
      const t0 = performance.now();
      await call(n);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Number(clients) }, worker));
  return latencies;
}

await run(Number(warmup), 0);
const start = performance.now();
const latencies = await run(Number(requests), Number(warmup));
const seconds = (performance.now() - start) / 1000;
agent.destroy();

emitResult({
  requests: latencies.length,
  requestsPerSecond: latencies.length / seconds,
  p50Ms: percentile(latencies, 50),
  p99Ms: percentile(latencies, 99),
});
