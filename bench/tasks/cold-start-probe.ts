/**
 * One cold start in a fresh process: import a bundled tasks Lambda entry (init), then
 * answer the first `list_tasks` (an HTTP API event), timing both. Only type imports, small
 * local modules and the built-ins the Lambda runtime client has already loaded
 * (`runtime-builtins.ts`) load before the measured section, so the bundle pays for all of its
 * own code and the other Node built-ins it needs.
 * Usage: node bench/tasks/cold-start-probe.ts <bundle> <projectId>, or <bundle> seed: the
 * database's first run (its migrations, a warm-up rather than a sample), which creates the
 * project the timed runs list and answers its id.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
// The module file, not `lambda-mcp/testing`: the index would load node:http first.
import { httpApiEvent, lambdaContext } from '../../packages/server/src/testing/lambda-events.ts';
import { loadRuntimeBuiltins } from '../lambda/runtime-builtins.ts';
import { emitResult } from '../probe-output.ts';
import { structuredResult, toolArguments, toolsCall } from './tasks-requests.ts';

const [bundle, projectId] = process.argv.slice(2) as [string, string];
const seed = projectId === 'seed';
const event = httpApiEvent(
  seed
    ? toolsCall('create_project', { name: 'bench/tasks cold start', description: 'bench/tasks' }, 1)
    : toolsCall('list_tasks', toolArguments('list_tasks', [Number(projectId)], 0), 1),
);

// What the Lambda runtime client has loaded before any handler (node:http, node:net, ...).
await loadRuntimeBuiltins();
const start = performance.now();
const { handler } = (await import(pathToFileURL(bundle).href)) as {
  handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
};
const imported = performance.now();
const result = await handler(event, lambdaContext());
const answered = performance.now();
if (seed) {
  emitResult({ projectId: structuredResult(result.statusCode, result.body, 'create_project').id });
} else {
  if (projectId !== '0') structuredResult(result.statusCode, result.body, 'list_tasks');
  emitResult({ importMs: imported - start, firstCallMs: answered - imported, totalMs: answered - start });
}
// Shut down as Lambda does: the handler's SIGTERM listener closes the database (PGlite must
// close cleanly, or the next cold start replays its WAL) and exits.
if (process.listenerCount('SIGTERM') > 0) process.kill(process.pid, 'SIGTERM');
else process.exit(0);
