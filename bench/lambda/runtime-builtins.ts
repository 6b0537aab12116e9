/**
 * The built-ins the Lambda runtime interface client (aws-lambda-ric) imports before it loads
 * a handler. A probe loads them before its measured section, as a real init finds them;
 * otherwise their first load (node:http brings node:crypto, ~5 ms in a fresh process) is
 * charged to whichever handler touches them first. BENCH_BARE_PROCESS=1 skips this, to see
 * what a process without them pays.
 */
const RUNTIME_BUILTINS = [
  'node:http',
  'node:net',
  'node:os',
  'node:util',
  'node:worker_threads',
  'node:async_hooks',
];

export async function loadRuntimeBuiltins(): Promise<void> {
  if (process.env.BENCH_BARE_PROCESS === '1') return;
  await Promise.all(RUNTIME_BUILTINS.map((name) => import(name)));
}
