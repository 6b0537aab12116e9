import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { httpApiEvent, mcpRequest } from 'lambda-mcp/testing';
import { runBinary } from './run-binary.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const LISBON = { city: 'Lisbon', temperature: 21, units: 'metric', conditions: 'sunny' };

interface InvokeJson {
  event: string;
  statusCode: number;
  headers: Record<string, string>;
  response: { id: number; result?: Record<string, unknown>; error?: unknown };
  coldStart: boolean;
  initMs: number;
  durationMs: number;
  firstByteMs?: number;
  logs: string[];
}

async function invokeJson(args: string[]): Promise<InvokeJson> {
  const run = await runBinary(['invoke', ...args, '--json']);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as InvokeJson;
}

// Each test starts its own processes and writes its own files: they run side by side.
describe('lambda-mcp build and invoke, on examples/weather', { concurrency: 4 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-mcp-cli-build-'));
  const buffered = join(dir, 'buffered');
  const streaming = join(dir, 'streaming');
  let report: {
    file: string;
    sourcemap: string;
    runtime: string;
    arch: string;
    bytes: number;
    packages: { name: string; bytes: number }[];
    modules: { name: string; bytes: number }[];
    warnings: string[];
  };

  before(async () => {
    const [json, text] = await Promise.all([
      runBinary(['build', join(FIXTURES, 'weather-handler.ts'), '--out', buffered, '--json']),
      runBinary(['build', join(FIXTURES, 'weather-streaming-handler.ts'), '--out', streaming]),
    ]);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(text.code, 0, text.stderr);
    report = JSON.parse(json.stdout);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('build writes one ESM file and its source map, and reports the size by package', () => {
    assert.equal(report.file, join(buffered, 'index.mjs'));
    assert.equal(report.bytes, statSync(report.file).size);
    assert.ok(existsSync(report.sourcemap));
    assert.equal(report.runtime, 'nodejs24.x');
    assert.equal(report.arch, 'arm64');
    const packages = report.packages.map((p) => p.name);
    for (const name of ['lambda-mcp', 'zod', '@lambda-mcp/example-weather'])
      assert.ok(packages.includes(name), name);
    assert.equal(
      report.packages.reduce((sum, p) => sum + p.bytes, 0),
      report.modules.reduce((sum, m) => sum + m.bytes, 0),
    );
    assert.deepEqual(report.warnings, []);
  });

  test('build warns past --max-size and still succeeds', async () => {
    const out = join(dir, 'small-budget');

    const run = await runBinary([
      'build',
      join(FIXTURES, 'weather-handler.ts'),
      '--out',
      out,
      '--max-size',
      '1000',
    ]);

    assert.equal(run.code, 0);
    assert.match(
      run.stdout,
      new RegExp(`^built ${relative(process.cwd(), join(out, 'index.mjs'))} for nodejs24\\.x arm64: `),
    );
    assert.match(run.stdout, /\nby package\n/);
    assert.match(
      run.stderr,
      /^warning: the bundle is \d+\.\d KB, past 1\.0 KB: every cold start loads and parses it\. Load heavy, rarely used packages with await import\(\), or leave them out with --external\.\n$/,
    );
  });

  test('build adds the createRequire banner when a CommonJS dependency requires a builtin', async () => {
    const out = join(dir, 'commonjs');
    const built = await runBinary(['build', join(FIXTURES, 'commonjs-handler.ts'), '--out', out, '--json']);

    assert.equal(JSON.parse(built.stdout).requireBanner, true);
    const run = await runBinary(['invoke', join(out, 'index.mjs'), '--method', 'ping']);
    assert.equal(run.stdout, 'endianness LE\n');
    assert.equal(run.code, 0);
  });

  for (const kind of ['rest', 'http', 'url', 'alb']) {
    test(`invoke answers a tools/call wrapped in a ${kind} event`, async () => {
      const answer = await invokeJson([
        join(buffered, 'index.mjs'),
        '--tool',
        'get_weather',
        '--args',
        '{"city":"Lisbon"}',
        '--event',
        kind,
      ]);

      assert.equal(answer.event, kind);
      assert.equal(answer.statusCode, 200);
      assert.equal(answer.headers['content-type'], 'application/json');
      assert.deepEqual(answer.response.result?.structuredContent, LISBON);
      assert.equal(answer.coldStart, true);
      assert.ok(answer.initMs > 0 && answer.durationMs > 0);
      assert.match(answer.logs.join('\n'), /"message":"mcp request".*"tool":"get_weather"/);
    });
  }

  for (const kind of ['url', 'rest']) {
    test(`invoke --stream decodes the prelude and body of a streaming handler (${kind} event)`, async () => {
      const answer = await invokeJson([
        join(streaming, 'index.mjs'),
        '--stream',
        '--event',
        kind,
        '--tool',
        'get_weather',
        '--args',
        '{"city":"Lisbon"}',
      ]);

      assert.equal(answer.statusCode, 200);
      assert.deepEqual(answer.response.result?.structuredContent, LISBON);
      assert.equal(typeof answer.firstByteMs, 'number');
    });
  }

  test('invoke prints the response on stdout, and status, timing and logs on stderr', async () => {
    const run = await runBinary(['invoke', join(buffered, 'index.mjs'), '--method', 'tools/list']);

    assert.equal(run.code, 0);
    const response = JSON.parse(run.stdout) as { result: { tools: { name: string }[] } };
    assert.ok(response.result.tools.some((tool) => tool.name === 'get_weather'));
    assert.match(
      run.stderr,
      // The cold start's line is also its EMF document: the `_aws` metadata comes first.
      /^HTTP 200 application\/json · http event · [\d.]+ ms · cold start \(init [\d.]+ ms\)\nlogs \(\d+\)\n {2}\{"_aws":\{"Timestamp":\d+,"CloudWatchMetrics":\[.*\]\},"level":"info","message":"mcp request"/,
    );
  });

  test('invoke runs a TypeScript entry as well as a bundle', async () => {
    const answer = await invokeJson([join(FIXTURES, 'weather-handler.ts'), '--method', 'tools/list']);

    assert.equal(answer.statusCode, 200);
  });

  test('invoke --authorizer passes the identity an API Gateway authorizer established', async () => {
    const answer = await invokeJson([
      join(buffered, 'index.mjs'),
      '--method',
      'tools/list',
      '--authorizer',
      '{"jwt":{"claims":{"sub":"user-7"},"scopes":["weather:read"]}}',
    ]);

    assert.match(answer.logs.join('\n'), /"subject":"user-7"/);
  });

  test('invoke --event-file sends an event as it is', async () => {
    const file = join(dir, 'event.json');
    const { headers, body } = mcpRequest('tools/call', {
      name: 'get_weather',
      arguments: { city: 'Lisbon' },
    });
    writeFileSync(file, JSON.stringify(httpApiEvent({ headers, body })));

    const answer = await invokeJson([join(buffered, 'index.mjs'), '--event-file', file]);

    assert.equal(answer.event, 'file');
    assert.deepEqual(answer.response.result?.structuredContent, LISBON);
  });

  test('invoke --event-file reads a file saved with a UTF-8 byte order mark', async () => {
    // Windows editors (Notepad, PowerShell's Out-File) write one; JSON.parse refuses it.
    const file = join(dir, 'event-bom.json');
    const { headers, body } = mcpRequest('tools/call', {
      name: 'get_weather',
      arguments: { city: 'Lisbon' },
    });
    writeFileSync(file, `\uFEFF${JSON.stringify(httpApiEvent({ headers, body }))}`);

    const answer = await invokeJson([join(buffered, 'index.mjs'), '--event-file', file]);

    assert.deepEqual(answer.response.result?.structuredContent, LISBON);
  });

  test('invoke exits 1 when the tool answers an error result', async () => {
    const run = await runBinary([
      'invoke',
      join(buffered, 'index.mjs'),
      '--tool',
      'get_weather',
      '--args',
      '{"city":"Atlantis"}',
    ]);

    assert.equal(run.code, 1);
    assert.match(run.stdout, /NOT_FOUND: No weather data for \\"Atlantis\\"/);
    assert.match(run.stderr, /\nlambda-mcp invoke: the tool answered an error result \(isError\)\n$/);
  });

  test("a module that throws at import: its error and the user's own frames, none of Node's or the CLI's", async () => {
    const file = join(dir, 'init-throws.mjs');
    writeFileSync(
      file,
      "throw new Error('no DATABASE_URL');\nexport const handler = async () => ({ statusCode: 200 });\n",
    );

    const run = await runBinary(['invoke', file, '--method', 'tools/list']);

    assert.equal(
      run.stderr,
      `lambda-mcp invoke: the module failed to load: Error: no DATABASE_URL\n    at ${pathToFileURL(file).href}:1:7\n`,
    );
    assert.equal(run.code, 1);
  });

  test('an init longer than --timeout plus 5 s (Lambda allows 10 s of init) still answers', async () => {
    // A module awaiting a slow connection at import; the handler itself is quick.
    const file = join(dir, 'slow-init.mjs');
    writeFileSync(
      file,
      [
        'await new Promise((resolve) => setTimeout(resolve, 5_600));',
        "export const handler = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, result: {} }) });",
        '',
      ].join('\n'),
    );

    const run = await runBinary(['invoke', file, '--method', 'ping', '--timeout', '100']);

    assert.equal(run.stdout, '{\n  "jsonrpc": "2.0",\n  "id": 1,\n  "result": {}\n}\n', run.stderr);
    assert.equal(run.code, 0);
  });

  test('--json: a module that fails to load is one JSON object on stdout too, with its failure', async () => {
    const file = join(dir, 'init-throws-json.mjs');
    writeFileSync(file, "console.log('connecting');\nthrow new Error('no DATABASE_URL');\n");

    const run = await runBinary(['invoke', file, '--method', 'tools/list', '--json']);

    assert.deepEqual(JSON.parse(run.stdout), {
      event: 'http',
      failure: `the module failed to load: Error: no DATABASE_URL\n    at ${pathToFileURL(file).href}:2:7`,
      logs: ['connecting'],
    });
    assert.equal(run.stderr, '');
    assert.equal(run.code, 1);
  });

  test('a handler that throws a value that is not an Error: the value is shown, not [object Object]', async () => {
    // Common in Lambda code: throw { statusCode, message } for the caller to map.
    const file = join(dir, 'throws-object.mjs');
    writeFileSync(
      file,
      "export const handler = async () => {\n  throw { statusCode: 400, message: 'bad city' };\n};\n",
    );

    const run = await runBinary(['invoke', file, '--method', 'tools/list']);

    assert.equal(
      run.stderr.split('\n').at(-2),
      'lambda-mcp invoke: the handler threw {"statusCode":400,"message":"bad city"} (an object, not an Error)',
    );
    assert.equal(run.code, 1);
  });

  test('invoke exits 1 when the handler returns no HTTP response (a forgotten return)', async () => {
    const file = join(dir, 'forgot-return.mjs');
    writeFileSync(file, 'export const handler = async (event) => {\n  void event;\n};\n');

    const run = await runBinary(['invoke', file, '--method', 'tools/list']);

    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /^http event · [\d.]+ ms · cold start \(init [\d.]+ ms\)\nlambda-mcp invoke: the handler returned undefined, not an HTTP response: return \{ statusCode, headers, body \}, as createHandler's handler does\n$/,
    );
    assert.equal(run.code, 1);
  });

  const UNFRAMED: { name: string; body: string; streamed: string }[] = [
    { name: 'no prelude', body: "stream.end('hello');", streamed: '"hello"' },
    {
      name: 'a prelude that is not JSON',
      body: "stream.write('{status'); stream.end(Buffer.alloc(8));",
      streamed: JSON.stringify(`{status${'\0'.repeat(8)}`),
    },
  ];
  for (const unframed of UNFRAMED) {
    test(`invoke --stream exits 1 with one line when the handler streams ${unframed.name}`, async () => {
      const file = join(dir, `unframed-${UNFRAMED.indexOf(unframed)}.mjs`);
      writeFileSync(
        file,
        `export const handler = async (event, stream, context) => {\n  ${unframed.body}\n};\n`,
      );

      const run = await runBinary(['invoke', file, '--method', 'tools/list', '--stream']);

      assert.equal(run.stdout, '');
      assert.equal(
        run.stderr.split('\n').at(-2),
        `lambda-mcp invoke: the handler streamed ${unframed.streamed} without the HTTP prelude (status and headers as JSON, then 8 NUL bytes): write through awslambda.HttpResponseStream.from, as createStreamingHandler's handler does`,
      );
      assert.equal(run.code, 1);
    });
  }

  test('invoke stops a handler at the --timeout deadline and exits 1', async () => {
    const run = await runBinary([
      'invoke',
      join(FIXTURES, 'never-answers.ts'),
      '--method',
      'ping',
      '--timeout',
      '300',
    ]);

    assert.equal(run.code, 1);
    assert.match(run.stderr, /\nlambda-mcp invoke: the handler timed out after 300 ms \(--timeout\)\n$/);
  });

  const bundle = () => join(buffered, 'index.mjs');
  const BAD: { name: string; args: () => string[]; code: number; stderr: () => string }[] = [
    {
      name: 'invalid JSON in --args',
      args: () => ['invoke', bundle(), '--tool', 'get_weather', '--args', '{city:Lisbon}'],
      code: 2,
      stderr: () =>
        `lambda-mcp invoke: --args is not valid JSON (Expected property name or '}' in JSON at position 1 (line 1 column 2)). Pass a JSON object, e.g. --args '{"city":"Lisbon"}'\n`,
    },
    {
      name: 'a missing --method',
      args: () => ['invoke', bundle()],
      code: 2,
      stderr: () =>
        'lambda-mcp invoke: missing --method: name the MCP method, e.g. --method tools/list, or --tool <name> to call a tool\n',
    },
    {
      name: 'an unknown event kind',
      args: () => ['invoke', bundle(), '--method', 'tools/list', '--event', 'sqs'],
      code: 2,
      stderr: () => 'lambda-mcp invoke: --event must be one of rest, http, url, alb, not "sqs"\n',
    },
    {
      name: 'an authorizer on an ALB event',
      args: () => ['invoke', bundle(), '--method', 'tools/list', '--event', 'alb', '--authorizer', '{"a":1}'],
      code: 2,
      stderr: () =>
        'lambda-mcp invoke: --authorizer does not apply to --event alb: ALB events carry no authorizer\n',
    },
    {
      // The header was dropped without a word: the event went as the file has it.
      name: 'a --header beside --event-file',
      args: () => ['invoke', bundle(), '--event-file', 'event.json', '--header', 'x-api-key: k1'],
      code: 2,
      stderr: () =>
        'lambda-mcp invoke: --event-file sends its event as it is: leave out --method, --tool, --args, --params, --header, --authorizer and --event\n',
    },
    {
      // Lambda allows 15 minutes; past a timer's 32 bits the child was killed at once.
      name: 'a --timeout longer than Lambda allows',
      args: () => ['invoke', bundle(), '--method', 'tools/list', '--timeout', '900001'],
      code: 2,
      stderr: () => 'lambda-mcp invoke: --timeout must be at most 900000, not 900001\n',
    },
    {
      name: 'a module that does not exist',
      args: () => ['invoke', 'nowhere/index.mjs', '--method', 'tools/list'],
      code: 2,
      stderr: () =>
        'lambda-mcp invoke: nowhere/index.mjs does not exist. Name the bundle or the entry that exports the handler.\n',
    },
    {
      name: 'an export that is not there',
      args: () => ['invoke', bundle(), '--method', 'tools/list', '--export', 'main'],
      code: 1,
      stderr: () =>
        `lambda-mcp invoke: ${bundle()} exports no function "main" (it exports handler). Name the handler with --export.\n`,
    },
    {
      name: 'a streaming handler invoked without --stream',
      args: () =>
        [join(streaming, 'index.mjs')].flatMap((file) => ['invoke', file, '--method', 'tools/list']),
      code: 1,
      stderr: () =>
        'lambda-mcp invoke: "handler" streams its response (createStreamingHandler): add --stream\n',
    },
    {
      name: 'a build entry that does not exist',
      args: () => ['build', 'src/nothing.ts'],
      code: 2,
      stderr: () =>
        'lambda-mcp build: src/nothing.ts does not exist. Name the file that exports the Lambda handler.\n',
    },
  ];
  for (const bad of BAD) {
    test(`${bad.name} prints one line and exits ${bad.code}`, async () => {
      const run = await runBinary(bad.args());

      assert.equal(run.stderr, bad.stderr());
      assert.equal(run.code, bad.code);
    });
  }

  test('an entry that exports no handler prints one line, exits 1 and writes no bundle', async () => {
    const entry = join(dir, 'no-handler.ts');
    writeFileSync(entry, 'export const server = {};\nexport default async () => 1;\n');
    const out = join(dir, 'no-handler-out');

    const run = await runBinary(['build', entry, '--out', out]);

    assert.equal(
      run.stderr,
      `lambda-mcp build: ${entry} exports no handler (it exports default, server): Lambda calls index.handler. ` +
        'Build the Lambda entry (export const handler = createHandler(server)), e.g. lambda-mcp build src/handler.ts\n',
    );
    assert.equal(run.stdout, '');
    assert.equal(run.code, 1);
    assert.ok(!existsSync(out));
  });

  test('an entry that exports nothing (a server the Lambda Web Adapter starts) is built, with a warning', async () => {
    const entry = join(dir, 'program.ts');
    writeFileSync(entry, 'console.log("serving");\n');
    const out = join(dir, 'program-out');

    const run = await runBinary(['build', entry, '--out', out]);

    assert.equal(run.code, 0);
    assert.match(
      run.stderr,
      /^warning: the entry exports nothing: the Node\.js runtime calls index\.handler, so this bundle deploys only as a program that serves by itself \(the Lambda Web Adapter\)$/m,
    );
    assert.ok(existsSync(join(out, 'index.mjs')));
  });

  test('an entry that is a directory prints one line and exits 2', async () => {
    const run = await runBinary(['build', FIXTURES, '--out', join(dir, 'directory-out')]);

    assert.equal(
      run.stderr,
      `lambda-mcp build: ${FIXTURES} is a directory. Name the file that exports the Lambda handler.\n`,
    );
    assert.equal(run.code, 2);
  });

  test('an --out that is a file prints one line and exits 2', async () => {
    const file = join(dir, 'out-is-a-file');
    writeFileSync(file, 'mine\n');

    const run = await runBinary(['build', join(FIXTURES, 'weather-handler.ts'), '--out', file]);

    assert.equal(run.stderr, `lambda-mcp build: --out ${file} is a file. Name a directory for the bundle.\n`);
    assert.equal(run.code, 2);
  });

  test('a build that does not compile names the file and line and exits 1', async () => {
    const broken = join(dir, 'broken.ts');
    writeFileSync(broken, 'export const handler = (;\n');

    const run = await runBinary(['build', broken, '--out', join(dir, 'broken-out')]);

    assert.equal(
      run.stderr,
      `lambda-mcp build: the bundle failed: ${relative(process.cwd(), broken)}:1: Unexpected ";"\n`,
    );
    assert.equal(run.code, 1);
  });
});
