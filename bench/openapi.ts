/**
 * The OpenAPI façade's costs (issue 13), as a markdown report on stdout:
 * - converting GitHub's REST API description (~1,200 operations, 13 MB): parse, dereference
 *   and convert, in fresh processes;
 * - Lambda cold start (import of the bundle + the first API Gateway `tools/call`) of a server
 *   with 50 tools calling a REST API, three ways: tools written by hand (the same schemas,
 *   a fetch per call), generated from a converted API shipped in the bundle (build-time
 *   conversion), and generated from the document at init (the converter in the bundle).
 *   Every first call makes the same loopback request, so the differences are ours.
 * Bundles are made as `lambda-mcp build` makes them, from the built packages (dist/).
 * Usage: node bench/openapi.ts [coldProcesses=15] [conversionProcesses=3]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertDocument, loadOpenApiDocument } from '@lambda-mcp/openapi';
import { buildPackages } from '../scripts/build-packages.ts';
import { type Bundle, bundleHandler } from './lambda/bundle.ts';
import type { ColdSample } from './lambda/lambda-probe.ts';
import { runPipedProbe } from './probe-output.ts';
import { fixed, markdownTable, median, percentile } from './stats.ts';

const GITHUB = fileURLToPath(
  new URL('../node_modules/@octokit/openapi/generated/api.github.com.json', import.meta.url),
);
const PROBE = fileURLToPath(new URL('./lambda/lambda-probe.ts', import.meta.url));

/** One conversion of GitHub's document, in this (fresh) process: the phases and the heap after. */
async function convertGithubOnce(): Promise<void> {
  const { readFileSync } = await import('node:fs');
  const t0 = performance.now();
  const text = readFileSync(GITHUB, 'utf8');
  const document = await loadOpenApiDocument(text);
  const t1 = performance.now();
  const api = convertDocument(document);
  const t2 = performance.now();
  const bytes = JSON.stringify(
    api.tools.map(({ name, description, inputSchema, outputSchema }) => ({
      name,
      description,
      inputSchema,
      outputSchema,
    })),
  ).length;
  console.log(
    JSON.stringify({
      loadMs: t1 - t0,
      convertMs: t2 - t1,
      tools: api.tools.length,
      toolsBytes: bytes,
      heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
    }),
  );
}

interface Conversion {
  loadMs: number;
  convertMs: number;
  tools: number;
  toolsBytes: number;
  heapMiB: number;
}

function measureGithub(processes: number): Conversion[] {
  const runs: Conversion[] = [];
  for (let i = 0; i < processes; i++) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--convert-github'], {
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`conversion probe failed: ${child.stderr}`);
    runs.push(JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as Conversion);
  }
  return runs;
}

/** 50 operations: `add` (the benchmark's call: GET /add?a&b answering text "5") and 49 typical CRUD ones. */
function syntheticDocument(): Record<string, unknown> {
  const paths: Record<string, unknown> = {
    '/add': {
      get: {
        operationId: 'add',
        summary: 'Add two numbers',
        parameters: ['a', 'b'].map((name) => ({
          name,
          in: 'query',
          required: true,
          schema: { type: 'integer' },
        })),
        responses: {
          '200': { description: 'The sum', content: { 'text/plain': { schema: { type: 'string' } } } },
        },
      },
    },
  };
  const resource = { $ref: '#/components/schemas/Resource' };
  // With `add`, 50 operations: 25 creates and 24 gets over the same schema, as CRUD APIs look.
  for (let i = 1; i <= 25; i++) {
    paths[`/collection${i}`] = {
      post: {
        operationId: `createResource${i}`,
        summary: `Create a resource in collection ${i}`,
        description: 'Creates a resource and returns it with its id.',
        requestBody: { required: true, content: { 'application/json': { schema: resource } } },
        responses: {
          '201': { description: 'Created', content: { 'application/json': { schema: resource } } },
        },
      },
    };
    if (i === 25) break;
    paths[`/collection${i}/{id}`] = {
      get: {
        operationId: `getResource${i}`,
        summary: `Get a resource of collection ${i}`,
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: { type: 'string' },
            description: 'The resource id.',
          },
          { name: 'fields', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
        ],
        responses: {
          '200': { description: 'The resource', content: { 'application/json': { schema: resource } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Bench API', version: '1.0.0' },
    paths,
    components: {
      schemas: {
        Resource: {
          type: 'object',
          required: ['name'],
          properties: {
            id: { type: 'string', readOnly: true },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            description: { type: 'string' },
            tags: { type: 'array', items: { type: 'string' } },
            priority: { type: 'string', enum: ['low', 'medium', 'high'] },
            created_at: { type: 'string', format: 'date-time', readOnly: true },
          },
        },
      },
    },
  };
}

const SERVER_OPTIONS = "{ name: 'bench', version: '1.0.0', logger: silentLogger }";

/** The three Lambda entries, written beside the bench so they resolve the repository's packages. */
async function writeEntries(dir: string): Promise<Record<string, string>> {
  const document = syntheticDocument();
  const api = convertDocument(await loadOpenApiDocument(document));
  if (api.tools.length !== 50)
    throw new Error(`the synthetic document has ${api.tools.length} operations, not 50`);
  writeFileSync(join(dir, 'document.json'), JSON.stringify(document));
  writeFileSync(join(dir, 'converted.json'), JSON.stringify(api));
  const handWritten = api.tools.map(
    ({ name, description, inputSchema, outputSchema, annotations, method, path }) => ({
      name,
      description,
      inputSchema,
      outputSchema,
      annotations,
      method: method.toUpperCase(),
      path,
    }),
  );
  const entries = {
    'hand-written': `import { createServer, silentLogger } from 'lambda-mcp';
import { createHandler } from 'lambda-mcp/lambda';
// What one would write by hand: the same schemas, a fetch to the REST API per call.
const upstream = process.env.BENCH_UPSTREAM;
const server = createServer(${SERVER_OPTIONS});
for (const tool of ${JSON.stringify(handWritten)}) {
  const config = { description: tool.description, input: tool.inputSchema, annotations: tool.annotations };
  const call = async (args) => {
    const path = tool.path.replace(/\\{(\\w+)\\}/g, (_, name) => encodeURIComponent(String(args[name])));
    const query = tool.method === 'GET' ? new URLSearchParams(Object.entries(args).filter(([k]) => !tool.path.includes('{' + k + '}')).map(([k, v]) => [k, String(v)])) : undefined;
    const response = await fetch(upstream + path + (query ? '?' + query : ''), tool.method === 'GET' ? {} : { method: tool.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
    return tool.outputSchema ? response.json() : response.text();
  };
  if (tool.outputSchema) server.tool(tool.name, { ...config, output: tool.outputSchema }, call);
  else server.tool(tool.name, config, call);
}
export const handler = createHandler(server, { metrics: false });
`,
    'build-time': `import { addOpenApiTools } from '@lambda-mcp/openapi';
import { createServer, silentLogger } from 'lambda-mcp';
import { createHandler } from 'lambda-mcp/lambda';
import api from './converted.json' with { type: 'json' };
const server = createServer(${SERVER_OPTIONS});
addOpenApiTools(server, api, { baseUrl: process.env.BENCH_UPSTREAM, credentials: [] });
export const handler = createHandler(server, { metrics: false });
`,
    'init-time': `import { addOpenApiTools, convertDocument, loadOpenApiDocument } from '@lambda-mcp/openapi';
import { createServer, silentLogger } from 'lambda-mcp';
import { createHandler } from 'lambda-mcp/lambda';
import document from './document.json' with { type: 'json' };
const server = createServer(${SERVER_OPTIONS});
addOpenApiTools(server, convertDocument(await loadOpenApiDocument(document)), { baseUrl: process.env.BENCH_UPSTREAM, credentials: [] });
export const handler = createHandler(server, { metrics: false });
`,
  };
  const files: Record<string, string> = {};
  for (const [name, source] of Object.entries(entries)) {
    files[name] = join(dir, `${name}.ts`);
    writeFileSync(files[name], source);
  }
  return files;
}

async function measureColdStarts(
  processes: number,
): Promise<{ name: string; bundle: Bundle; cold: ColdSample[] }[]> {
  buildPackages(['lambda-mcp', '@lambda-mcp/openapi']);
  const upstream = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('5'));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  process.env.BENCH_UPSTREAM = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  // Inside the repository, so the entries resolve lambda-mcp and @lambda-mcp/openapi from node_modules.
  const dir = mkdtempSync(join(import.meta.dirname, '.openapi-bench-'));
  try {
    const entries = await writeEntries(dir);
    const results = [];
    for (const [name, entry] of Object.entries(entries)) {
      results.push({ name, bundle: await bundleHandler(entry, dir, name), cold: [] as ColdSample[] });
    }
    // Round robin, so a slow phase of the machine falls on every variant alike.
    for (let run = 0; run < processes; run++) {
      for (const result of results) {
        const args = [result.bundle.file, '2026-07-28', result.name, 'cold', '0', '0'];
        result.cold.push((await runPipedProbe<ColdSample>(PROBE, args)).result);
      }
    }
    return results;
  } finally {
    upstream.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--convert-github')) {
  await convertGithubOnce();
} else {
  const [coldProcesses = 15, conversionProcesses = 3] = process.argv.slice(2).map(Number);
  const load = () =>
    loadavg()
      .map((value) => value.toFixed(2))
      .join(' / ');
  const loadBefore = load();
  process.stderr.write(`[bench] GitHub conversion: ${conversionProcesses} processes\n`);
  const github = measureGithub(conversionProcesses);
  process.stderr.write(`[bench] cold start: ${coldProcesses} processes per variant\n`);
  const cold = await measureColdStarts(coldProcesses);
  const cpu = cpus();
  const stat = (samples: number[]) => `${fixed(median(samples))} / ${fixed(percentile(samples, 90))}`;
  const hand = median(cold[0]?.cold.map((s) => s.totalMs) ?? []);
  console.log(`Run ${new Date().toISOString()} on Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}; load average ${loadBefore} before, ${load()} after.

GitHub's REST API description (${github[0]?.tools} operations, ${conversionProcesses} fresh processes):

${markdownTable(
  ['phase', 'median ms', 'min ms'],
  [
    [
      'read + parse + dereference (loadOpenApiDocument)',
      fixed(median(github.map((r) => r.loadMs))),
      fixed(Math.min(...github.map((r) => r.loadMs))),
    ],
    [
      'convert (convertDocument)',
      fixed(median(github.map((r) => r.convertMs))),
      fixed(Math.min(...github.map((r) => r.convertMs))),
    ],
  ],
)}

Heap after: ${fixed(median(github.map((r) => r.heapMiB)), 0)} MiB; the tools (name, description, schemas) serialise to ${fixed((github[0]?.toolsBytes ?? 0) / 2 ** 20, 1)} MiB.

Lambda cold start, 50 tools (import + first \`tools/call\`, ${coldProcesses} fresh processes each; median / p90 ms):

${markdownTable(
  ['variant', 'bundle KB (gzip)', 'import', 'first call', 'total', 'total − hand-written'],
  cold.map((result) => [
    result.name,
    `${fixed(result.bundle.minifiedBytes / 1024, 1)} (${fixed(result.bundle.gzipBytes / 1024, 1)})`,
    stat(result.cold.map((s) => s.importMs)),
    stat(result.cold.map((s) => s.firstCallMs)),
    stat(result.cold.map((s) => s.totalMs)),
    fixed(median(result.cold.map((s) => s.totalMs)) - hand),
  ]),
)}`);
}
