/**
 * Warm `tools/call` latency over the fetch handler: per contender, several fresh
 * processes each warm up and then time sequential calls; reports the median across
 * processes of each process's median, p99 and calls/s.
 * Usage: node bench/warm.ts [processes=5] [calls=20000] [warmup=2000]
 */
import { fileURLToPath } from 'node:url';
import { type Contender, FETCH_CONTENDERS } from './contenders.ts';
import { runProbe } from './probe-output.ts';
import { fixed, markdownTable, median } from './stats.ts';

export interface WarmSample {
  medianUs: number;
  p99Us: number;
  callsPerSecond: number;
}

export interface WarmResult {
  contender: Contender;
  samples: WarmSample[];
}

export interface WarmSettings {
  processes: number;
  calls: number;
  warmup: number;
}

const PROBE = fileURLToPath(new URL('./warm-probe.ts', import.meta.url));

export async function measureWarm(settings: WarmSettings): Promise<WarmResult[]> {
  const results: WarmResult[] = FETCH_CONTENDERS.map((contender) => ({ contender, samples: [] }));
  for (let run = 0; run < settings.processes; run++) {
    for (const result of results) {
      const { contender } = result;
      const moduleUrl = new URL(contender.module, import.meta.url).href;
      const args = [
        moduleUrl,
        contender.revision,
        contender.name,
        String(settings.warmup),
        String(settings.calls),
      ];
      result.samples.push(await runProbe<WarmSample>(PROBE, args));
    }
  }
  return results;
}

export function warmTable(results: readonly WarmResult[]): string {
  return markdownTable(
    ['server (fetch handler)', 'median µs', 'p99 µs', 'calls/s', 'processes'],
    results.map(({ contender, samples }) => [
      contender.name,
      fixed(median(samples.map((sample) => sample.medianUs)), 1),
      fixed(median(samples.map((sample) => sample.p99Us)), 1),
      fixed(median(samples.map((sample) => sample.callsPerSecond)), 0),
      String(samples.length),
    ]),
  );
}

if (import.meta.main) {
  const [processes = '5', calls = '20000', warmup = '2000'] = process.argv.slice(2);
  const settings = { processes: Number(processes), calls: Number(calls), warmup: Number(warmup) };
  console.log(warmTable(await measureWarm(settings)));
}
