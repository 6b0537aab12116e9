/**
 * What the heap keeps across warm invocations of a Lambda handler, by kind of object: two
 * heap snapshots after a full GC, `warmup` invocations then `calls` more, and the difference
 * by V8 node type and name. JavaScript objects a request left behind show up by constructor
 * name; V8's own (code, bytecode, the dependency lists of optimized code) as `system / ...`.
 * For every weak list that grew, what holds it, which tells a JIT dependency list
 * (`dependent_code` of a map, property cell or allocation site) from anything else.
 * Usage: node --expose-gc bench/lambda/heap-growth.ts <handler module or bundle> [warmup=50000] [calls=200000]
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
import { lambdaContext, toolsCallEvent } from './http-api-event.ts';

type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** One heap snapshot, read as flat arrays with accessors. */
function readSnapshot(file: string) {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = data.snapshot.meta.node_fields;
  const width = fields.length;
  const at = (name: string) => fields.indexOf(name);
  const [typeAt, nameAt, idAt, sizeAt, edgesAt] = ['type', 'name', 'id', 'self_size', 'edge_count'].map(
    at,
  ) as [number, number, number, number, number];
  const nodeTypes = data.snapshot.meta.node_types[0];
  return {
    data,
    width,
    count: data.nodes.length / width,
    kind: (node: number) =>
      `${nodeTypes[data.nodes[node * width + typeAt]!]}: ${data.strings[data.nodes[node * width + nameAt]!]!.slice(0, 70)}`,
    id: (node: number) => data.nodes[node * width + idAt]!,
    size: (node: number) => data.nodes[node * width + sizeAt]!,
    edgeCount: (node: number) => data.nodes[node * width + edgesAt]!,
  };
}

const [module = '', warmup = '50000', calls = '200000'] = process.argv.slice(2);
if (module === '')
  throw new Error('usage: node --expose-gc bench/lambda/heap-growth.ts <handler module> [warmup] [calls]');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const { handler } = (await import(pathToFileURL(resolve(module)).href)) as { handler: LambdaHandler };
const pool = Array.from({ length: 1024 }, (_, i) => ({
  event: toolsCallEvent('2026-07-28', i + 1),
  context: lambdaContext({ awsRequestId: randomUUID(), remainingMs: 900_000 }),
}));
let id = 0;
const run = async (count: number) => {
  for (let i = 0; i < count; i++) {
    const { event, context } = pool[++id % pool.length]!;
    await handler(event, context);
  }
};

const files = [
  join(tmpdir(), `heap-growth-${process.pid}-a.heapsnapshot`),
  join(tmpdir(), `heap-growth-${process.pid}-b.heapsnapshot`),
];
try {
  await run(Number(warmup));
  gc();
  writeHeapSnapshot(files[0]);
  await run(Number(calls));
  gc();
  writeHeapSnapshot(files[1]);
  const [before, after] = files.map(readSnapshot) as [
    ReturnType<typeof readSnapshot>,
    ReturnType<typeof readSnapshot>,
  ];

  const sizeBefore = new Map<number, number>();
  const byKind = new Map<string, { count: number; bytes: number }>();
  const tally = (kind: string, count: number, bytes: number) => {
    const entry = byKind.get(kind) ?? { count: 0, bytes: 0 };
    entry.count += count;
    entry.bytes += bytes;
    byKind.set(kind, entry);
  };
  for (let node = 0; node < before.count; node++) {
    sizeBefore.set(before.id(node), before.size(node));
    tally(before.kind(node), -1, -before.size(node));
  }
  const grownWeakLists = new Set<number>();
  let newWeakLists = 0;
  for (let node = 0; node < after.count; node++) {
    tally(after.kind(node), 1, after.size(node));
    const kind = after.kind(node);
    const previous = sizeBefore.get(after.id(node));
    // Larger than the same list before, or new: a weak list that grows is reallocated, under a new node id.
    if (kind.endsWith('WeakArrayList') && (previous === undefined || previous < after.size(node))) {
      grownWeakLists.add(node * after.width);
      if (previous === undefined) newWeakLists++;
    }
  }
  const changes = [...byKind].filter(([, change]) => change.count !== 0 || change.bytes !== 0);
  changes.sort((a, b) => Math.abs(b[1].bytes) - Math.abs(a[1].bytes));
  const total = changes.reduce((sum, [, change]) => sum + change.bytes, 0);
  console.log(
    `${calls} calls after ${warmup}: ${total} bytes kept (${(total / Number(calls)).toFixed(3)} per call)`,
  );
  for (const [kind, change] of changes.slice(0, 15))
    console.log(`${String(change.bytes).padStart(8)} B ${String(change.count).padStart(5)} × ${kind}`);

  // Who holds the weak lists that grew.
  const { data } = after;
  const edgeWidth = data.snapshot.meta.edge_fields.length;
  const edgeTypes = data.snapshot.meta.edge_types[0];
  const holders = new Map<string, number>();
  let edge = 0;
  for (let node = 0; node < after.count; node++) {
    for (let i = 0; i < after.edgeCount(node); i++, edge += edgeWidth) {
      if (!grownWeakLists.has(data.edges[edge + 2]!)) continue;
      const type = edgeTypes[data.edges[edge]!]!;
      const name =
        type === 'element' || type === 'hidden'
          ? String(data.edges[edge + 1])
          : data.strings[data.edges[edge + 1]!];
      const key = `${after.kind(node).replace(/:.*/, '')} ${after.kind(node).split(': ')[1]} .${name}`;
      holders.set(key, (holders.get(key) ?? 0) + 1);
    }
  }
  console.log(
    `weak lists grown or reallocated: ${grownWeakLists.size} (${newWeakLists} under a new id), held by:`,
  );
  for (const [holder, count] of holders) console.log(`${String(count).padStart(5)} × ${holder}`);
} finally {
  for (const file of files) rmSync(file, { force: true });
}
