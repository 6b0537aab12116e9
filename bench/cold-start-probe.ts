/**
 * One cold start, in a fresh process: import a server module, then answer its first
 * `tools/call`. Usage: node bench/cold-start-probe.ts <module URL> <revision> <name>
 * Prints import, first-call and total milliseconds as a marked JSON line.
 */
import { performance } from 'node:perf_hooks';
import { emitResult } from './probe-output.ts';
import { assertAnswered, type Revision, toolsCallRequest } from './tools-call.ts';

type FetchHandler = (request: Request) => Promise<Response>;

const [moduleUrl, revision, name] = process.argv.slice(2) as [string, Revision, string];

const start = performance.now();
const { fetchHandler } = (await import(moduleUrl)) as { fetchHandler: FetchHandler };
const imported = performance.now();
const response = await fetchHandler(toolsCallRequest(revision, 1));
const body = await response.text();
const answered = performance.now();

assertAnswered(response.status, body, name);
emitResult({ importMs: imported - start, firstCallMs: answered - imported, totalMs: answered - start });
