import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { convertDocument, loadOpenApiDocument } from '@lambda-mcp/openapi';
import { mcpRequest } from 'lambda-mcp/testing';
import { type RecordingUpstream, startRecordingUpstream } from '../../openapi/test/recording-upstream.ts';
import { runBinary, startBinary } from './run-binary.ts';

const SPEC = join(import.meta.dirname, '..', '..', 'openapi', 'test', 'fixtures', 'recording-api.yaml');

let scratch: string;
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'lambda-mcp-openapi-cli-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes a document into the scratch directory and returns its name, relative to it. */
function writeSpec(name: string, text: string): string {
  writeFileSync(join(scratch, name), text);
  return name;
}

describe('lambda-mcp openapi inspect', () => {
  test('--json prints each tool with name, description, inputSchema and annotations', async () => {
    const run = await runBinary(['openapi', 'inspect', SPEC, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const { tools } = JSON.parse(run.stdout) as { tools: Record<string, unknown>[] };
    assert.equal(tools.length, 15);
    assert.deepEqual(tools[0], {
      name: 'getItem',
      description: 'Get one item.',
      inputSchema: (tools[0] as { inputSchema: unknown }).inputSchema,
      annotations: { readOnlyHint: true, openWorldHint: true },
    });
    assert.deepEqual(
      tools.map((tool) => tool.name),
      [
        'getItem',
        'replaceItemTags',
        'getShape',
        'createItem',
        'submitForm',
        'chargeCard',
        'uploadFile',
        'getReport',
        'getLogo',
        'getBig',
        'answerWithStatus',
        'secureQuery',
        'secureCookie',
        'secureBearer',
        'secureBasic',
      ],
    );
  });

  test('without --json, one line per tool with its arguments (optional ones marked) and its operation', async () => {
    const run = await runBinary(['openapi', 'inspect', SPEC]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 6), [
      'Recording API 1.0.0: 15 tools',
      '',
      'getItem(id, tags?, fields?, ids?, codes?, filter?, point?, q?, where?, X-Trace?, session?)  GET /items/{id}',
      '  Get one item.',
      'replaceItemTags(id, body)  PUT /items/{id}',
      "  Replace an item's tags.",
    ]);
  });

  const REFUSALS: [string, () => string, number, string][] = [
    ['a missing file', () => 'nope.yaml', 1, 'nope.yaml does not exist'],
    [
      'invalid YAML',
      () => writeSpec('bad.yaml', 'openapi: 3.1.0\npaths: [unclosed'),
      1,
      'bad.yaml is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 17:',
    ],
    [
      'Swagger 2.0',
      () => writeSpec('swagger.json', '{"swagger":"2.0","paths":{}}'),
      1,
      'swagger.json is Swagger 2.0, which is not supported: convert it to OpenAPI 3 first (for example with swagger2openapi or the Swagger Editor) and use the converted document.',
    ],
    [
      'an unresolvable $ref',
      () =>
        writeSpec(
          'ref.yaml',
          'openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        "200": { $ref: "#/components/responses/Gone" }\n',
        ),
      1,
      'ref.yaml has a $ref that cannot be resolved: Missing $ref pointer "#/components/responses/Gone". Token "components" does not exist.',
    ],
    [
      'no paths',
      () => writeSpec('empty.yaml', 'openapi: 3.1.0\ninfo: { title: T, version: "1" }\n'),
      1,
      'empty.yaml has no paths: there are no operations to turn into tools.',
    ],
  ];
  for (const [what, path, code, message] of REFUSALS) {
    test(`${what}: exit ${code} with one line`, async () => {
      const file = path();
      const run = await runBinary(['openapi', 'inspect', file], { cwd: scratch });
      assert.equal(run.code, code);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `lambda-mcp openapi: ${message}\n`);
    });
  }
});

test('a JSON document saved with a byte order mark is read as the same document', async () => {
  // Windows editors write one; JSON.parse refused it, naming an invisible character.
  const file = writeSpec(
    'bom.json',
    `\uFEFF${JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'Bom API', version: '1' },
      paths: { '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok' } } } } },
    })}`,
  );

  const run = await runBinary(['openapi', 'inspect', file], { cwd: scratch });

  assert.equal(run.stderr, '');
  assert.equal(run.stdout.split('\n')[0], 'Bom API 1: 1 tool');
  assert.equal(run.code, 0);
});

describe('lambda-mcp openapi convert', () => {
  test('--out writes the converted API, which is what convertDocument makes', async () => {
    const run = await runBinary(['openapi', 'convert', SPEC, '--out', 'tools.json'], { cwd: scratch });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, 'Wrote tools.json: 15 tools of Recording API (load it with addOpenApiTools)\n');
    const expected = convertDocument(await loadOpenApiDocument(readFileSync(SPEC, 'utf8')));
    assert.deepEqual(
      JSON.parse(readFileSync(join(scratch, 'tools.json'), 'utf8')),
      JSON.parse(JSON.stringify(expected)),
    );
  });
});

describe('usage errors exit 2', () => {
  const CASES: [string[], string][] = [
    [
      ['openapi'],
      'missing the command: lambda-mcp openapi inspect <spec> or lambda-mcp openapi serve <spec> --upstream <url>',
    ],
    [['openapi', 'convert-all'], 'unknown openapi command "convert-all": use inspect, convert or serve'],
    [['openapi', 'inspect'], 'missing the document: lambda-mcp openapi inspect openapi.yaml'],
    [
      ['openapi', 'serve', SPEC],
      'missing --upstream: the base URL of the API the tools call, e.g. --upstream https://api.example.com',
    ],
    [['openapi', 'serve', SPEC, '--upstream', 'ftp://x'], '--upstream must be an http(s) URL, not "ftp://x"'],
    [
      ['openapi', 'serve', SPEC, '--upstream', 'http://x', '--port', 'abc'],
      '--port must be a whole number, not "abc"',
    ],
    [
      ['openapi', 'serve', SPEC, '--upstream', 'http://x', '--forward-header', 'x api'],
      '--forward-header "x api" is not a header name',
    ],
  ];
  for (const [args, message] of CASES) {
    test(args.slice(1).join(' ') || 'no subcommand', async () => {
      const run = await runBinary(args);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, `lambda-mcp openapi: ${message}\n`);
    });
  }

  test('--help shows every subcommand', async () => {
    const run = await runBinary(['openapi', 'serve', '--help']);
    assert.equal(run.code, 0);
    assert.match(
      run.stdout,
      /^Usage: lambda-mcp openapi inspect <spec> \[--json\]\n {7}lambda-mcp openapi convert <spec> \[--out <file>\]\n {7}lambda-mcp openapi serve <spec>/,
    );
  });
});

describe('lambda-mcp openapi serve', () => {
  let upstream: RecordingUpstream;
  before(async () => {
    upstream = await startRecordingUpstream(() => ({
      status: 200,
      headers: { 'content-type': 'text/csv' },
      body: 'a,b\n',
    }));
  });
  after(() => upstream.close());

  test('serves the tools, calling the upstream with the forwarded headers of each MCP request', async () => {
    const binary = startBinary([
      'openapi',
      'serve',
      SPEC,
      '--upstream',
      upstream.url,
      '--port',
      '0',
      '--forward-header',
      'X-Api-Key',
    ]);
    try {
      const [, url] = await binary.waitFor(/Serving 15 tools of Recording API at (\S+), calling /);
      const { headers, body } = mcpRequest('tools/call', { name: 'getReport', arguments: {} });
      const response = await fetch(String(url), {
        method: 'POST',
        headers: { ...headers, 'x-api-key': 'caller-key-7' },
        body,
      });
      const message = (await response.json()) as { result: { content: unknown } };
      assert.deepEqual(message.result.content, [{ type: 'text', text: 'a,b\n' }]);
      assert.equal(upstream.requests.length, 1);
      assert.equal(upstream.requests[0]?.url, '/report');
      assert.equal(upstream.requests[0]?.headers['x-api-key'], 'caller-key-7');
    } finally {
      await binary.stop();
    }
  });

  test('a port in use prints one line and exits 1', async () => {
    const taken = createHttpServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const run = await runBinary([
        'openapi',
        'serve',
        SPEC,
        '--upstream',
        upstream.url,
        '--port',
        String(port),
      ]);

      assert.equal(
        run.stderr,
        `lambda-mcp openapi: port ${port} on 127.0.0.1 is in use: stop what listens there or pass --port <another>\n`,
      );
      assert.equal(run.code, 1);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});

describe('a document named by URL', () => {
  let documents: import('node:http').Server;
  let base: string;
  before(async () => {
    const { createServer } = await import('node:http');
    documents = createServer((request, response) => {
      if (request.url === '/openapi.yaml')
        response.writeHead(200, { 'content-type': 'application/yaml' }).end(readFileSync(SPEC));
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(documents.address() as import('node:net').AddressInfo).port}`;
  });
  after(() => documents.close());

  test('inspect fetches it: the same tools as from the file', async () => {
    const fromUrl = await runBinary(['openapi', 'inspect', `${base}/openapi.yaml`, '--json'], {
      cwd: scratch,
    });
    const fromFile = await runBinary(['openapi', 'inspect', SPEC, '--json'], { cwd: scratch });

    assert.equal(fromUrl.stderr, '');
    assert.equal(fromUrl.code, 0);
    assert.deepEqual(JSON.parse(fromUrl.stdout), JSON.parse(fromFile.stdout));
  });

  test('a URL that answers 404: exit 1 with one line', async () => {
    const run = await runBinary(['openapi', 'inspect', `${base}/missing.json`], { cwd: scratch });

    assert.equal(
      run.stderr,
      `lambda-mcp openapi: cannot fetch ${base}/missing.json: it answered 404 Not Found\n`,
    );
    assert.equal(run.code, 1);
  });

  test('a URL nothing listens at: exit 1 with one line', async () => {
    const { createServer } = await import('node:net');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as import('node:net').AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const run = await runBinary(['openapi', 'convert', `http://127.0.0.1:${port}/openapi.json`], {
      cwd: scratch,
    });

    assert.equal(
      run.stderr,
      `lambda-mcp openapi: cannot fetch http://127.0.0.1:${port}/openapi.json: ECONNREFUSED\n`,
    );
    assert.equal(run.code, 1);
  });
});
