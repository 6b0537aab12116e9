import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serve } from 'lambda-mcp/node';
import { server } from '../../examples/everything/src/server.ts';

/**
 * The official MCP conformance suite, as child processes, against examples/everything served
 * in this process on a loopback port. A run passes when every failing scenario (or check) is
 * listed, with its reason, in the expected-failures file of that suite version, and no listed
 * entry passes (the CLI reports a stale baseline as a failure too).
 */
const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

const SUITES = {
  '0.1.16': {
    cli: repo('node_modules/@modelcontextprotocol/conformance/dist/index.js'),
    baseline: repo('test/conformance/expected-failures.0.1.16.yaml'),
  },
  '0.2.0-alpha.12': {
    cli: repo('node_modules/conformance-next/dist/index.js'),
    baseline: repo('test/conformance/expected-failures.0.2.0.yaml'),
  },
} as const;

interface Run {
  code: number;
  output: string;
}

/** Runs the CLI with the repo's Node (the one running this test); never throws on exit code. */
function runConformance(
  suite: keyof typeof SUITES,
  url: string,
  outputDir: string,
  extra: string[],
): Promise<Run> {
  const { cli, baseline } = SUITES[suite];
  const args = [
    cli,
    'server',
    '--url',
    url,
    '--suite',
    'all',
    '--expected-failures',
    baseline,
    '-o',
    outputDir,
    ...extra,
  ];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}\n${stderr}` });
    });
  });
}

/** The CLI's summary and baseline verdict: what a reader needs when a run fails. */
function verdict(output: string): string {
  const start = output.indexOf('=== SUMMARY ===');
  return start === -1 ? output.slice(-4000) : output.slice(start);
}

function totals(output: string): string {
  return /Total: \d+ passed, \d+ failed/.exec(output)?.[0] ?? 'no totals printed';
}

describe('official MCP conformance suite against examples/everything', () => {
  let url: string;
  let close: () => Promise<void>;
  let outputRoot: string;

  before(async () => {
    const running = await serve(server, { port: 0, handleSignals: false });
    url = running.url;
    close = running.close;
    outputRoot = await mkdtemp(join(tmpdir(), 'lambda-mcp-conformance-'));
  });

  after(async () => {
    await close();
    await rm(outputRoot, { recursive: true, force: true });
  });

  const runs: { name: string; suite: keyof typeof SUITES; extra: string[] }[] = [
    { name: 'conformance 0.1.16, every 2025 scenario', suite: '0.1.16', extra: [] },
    {
      name: 'conformance 0.2.0-alpha.12, every scenario at its own revision (2025-11-25, 2026-07-28, extensions)',
      suite: '0.2.0-alpha.12',
      extra: [],
    },
    {
      name: 'conformance 0.2.0-alpha.12, every 2026-07-28 scenario on the 2026-07-28 wire',
      suite: '0.2.0-alpha.12',
      extra: ['--spec-version', '2026-07-28'],
    },
    {
      name: 'conformance 0.2.0-alpha.12, every 2025-06-18 scenario on the 2025-06-18 wire',
      suite: '0.2.0-alpha.12',
      extra: ['--spec-version', '2025-06-18'],
    },
  ];

  for (const [index, run] of runs.entries()) {
    it(`passes ${run.name}, apart from the listed expected failures`, async (t) => {
      const result = await runConformance(run.suite, url, join(outputRoot, String(index)), run.extra);
      t.diagnostic(totals(result.output));
      assert.equal(result.code, 0, verdict(result.output));
    });
  }
});
