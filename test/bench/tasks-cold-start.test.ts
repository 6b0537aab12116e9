/**
 * The task server's cold-start benchmark still runs end to end: one round of every row
 * (its bundles built, a throwaway Postgres, PGlite), each probe's answer checked by the
 * bench itself. No timing is asserted: only that the table is complete and made of
 * measurements. A change to the task server's answers once broke this bench silently
 * (it listed a project it had never created, which became NOT_FOUND).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../../scripts/public-packages.ts';
import { runProcess } from '../consumer/run-process.ts';

const bench = fileURLToPath(new URL('../../bench/tasks/cold-start.ts', import.meta.url));

it('bench/tasks/cold-start.ts runs every row and prints a measured table', { timeout: 300_000 }, async () => {
  // As BENCHMARKS.md runs it: plain node, without the test runner's source condition.
  const { code, stdout, stderr } = await runProcess(process.execPath, [bench, '1'], REPO_ROOT);
  assert.equal(code, 0, stderr.slice(-3000));
  const rows = stdout
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| entry') && !line.startsWith('| ---'));
  assert.equal(rows.length, 14, stdout);
  for (const row of rows) {
    const cells = row
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const [importMs, firstCallMs, totalMs] = cells.slice(2).map(Number);
    assert.ok(importMs! > 0 && firstCallMs! > 0 && totalMs! > 0, row);
    // The total is the two parts of the same process, give or take the rounding of each.
    assert.ok(Math.abs(importMs! + firstCallMs! - totalMs!) <= 0.15, row);
  }
  assert.match(stdout, /^- as shipped \(pg\): [\d.]+ KB minified \([\d.]+ KB gzip\)$/m);
});
