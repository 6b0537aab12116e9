/**
 * Cold start over the fetch handler: for each contender, N fresh Node processes each
 * import the server module and answer one `tools/call`. Reports median and p90.
 * Usage: node bench/cold-start.ts [runs=15]
 */
import { fileURLToPath } from 'node:url';
import { type Contender, FETCH_CONTENDERS } from './contenders.ts';
import { runProbe } from './probe-output.ts';
import { fixed, markdownTable, median, percentile } from './stats.ts';

interface ColdSample {
  importMs: number;
  firstCallMs: number;
  totalMs: number;
}

export interface ColdResult {
  contender: Contender;
  samples: ColdSample[];
}

const PROBE = fileURLToPath(new URL('./cold-start-probe.ts', import.meta.url));

export async function measureColdStarts(runs: number): Promise<ColdResult[]> {
  const results: ColdResult[] = FETCH_CONTENDERS.map((contender) => ({ contender, samples: [] }));
  // Interleave contenders so a burst of load on the machine does not land on one of them.
  for (let run = 0; run < runs; run++) {
    for (const result of results) {
      const { contender } = result;
      const moduleUrl = new URL(contender.module, import.meta.url).href;
      result.samples.push(await runProbe<ColdSample>(PROBE, [moduleUrl, contender.revision, contender.name]));
    }
  }
  return results;
}

export function coldStartTable(results: readonly ColdResult[]): string {
  const cell = (samples: readonly ColdSample[], key: keyof ColdSample) => {
    const values = samples.map((sample) => sample[key]);
    return `${fixed(median(values))} / ${fixed(percentile(values, 90))}`;
  };
  return markdownTable(
    ['server (fetch handler)', 'import ms (median / p90)', 'first tools/call ms', 'total ms', 'runs'],
    results.map(({ contender, samples }) => [
      contender.name,
      cell(samples, 'importMs'),
      cell(samples, 'firstCallMs'),
      cell(samples, 'totalMs'),
      String(samples.length),
    ]),
  );
}

if (import.meta.main) {
  const runs = Number(process.argv[2] ?? 15);
  console.log(coldStartTable(await measureColdStarts(runs)));
}
