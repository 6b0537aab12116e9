import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { runBinary } from './run-binary.ts';

const NO_SECURITY =
  "The document declares no security scheme, so the tools call the API without the caller's credential: to pass it on, add fallbackScheme to addOpenApiTools in src/server.ts (e.g. { type: 'http', scheme: 'bearer' })\n";

const TEMPLATES = join(import.meta.dirname, '..', 'templates');
const CREATE_MAIN = join(import.meta.dirname, '..', '..', 'create-lambda-mcp', 'src', 'main.ts');
const root = mkdtempSync(join(tmpdir(), 'lambda-mcp-init-usage-'));
after(() => rmSync(root, { recursive: true, force: true }));

const SHOP_YAML = `openapi: 3.1.0
info: { title: Shop API, version: '2.0' }
servers:
  - url: https://{region}.shop.example.com/v2
  - url: https://shop.example.com/v2
security: [{ bearer: [] }]
components:
  securitySchemes:
    bearer: { type: http, scheme: bearer }
paths:
  /orders/{id}:
    parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
    get:
      operationId: getOrder
      responses:
        '200':
          description: the order
          content: { application/json: { schema: { $ref: './schemas.yaml#/Order' } } }
    delete:
      operationId: cancelOrder
      responses: { '204': { description: cancelled } }
`;

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('lambda-mcp init', () => {
  test('--help names the templates and exits 0', async () => {
    const run = await runBinary(['init', '--help']);

    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: lambda-mcp init \[dir\] \[options\]\n/);
    assert.match(run.stdout, /\n {24}weather {2}one read-only tool/);
    assert.match(run.stdout, /\n {24}tasks {4}a to-do list/);
    assert.match(run.stdout, /\n {24}openapi {2}a tool per operation of your REST API's OpenAPI document/);
    assert.match(run.stdout, /\n {2}--spec <file\|url> {3}openapi: the API's OpenAPI 3\.0 or 3\.1 document/);
  });

  test('copies every file of the template, gitignore as .gitignore, and says what to do next', async () => {
    const dir = join(root, 'copy');

    const run = await runBinary(['init', dir, '--template', 'tasks', '--no-install'], { cwd: root });

    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.equal(
      run.stdout,
      `created copy from the tasks template in ${dir}\n\nNext:\n  cd copy\n  npm install\n` +
        '  npm run dev    # serve it locally, with client configuration\n' +
        '  npm test       # run its tests\n' +
        '  npm run build  # bundle it for Lambda, then: npm run invoke -- --method tools/list\n',
    );
    const expected = filesUnder(join(TEMPLATES, 'tasks')).map((file) =>
      file === 'gitignore' ? '.gitignore' : file,
    );
    assert.deepEqual(filesUnder(dir), expected.sort());
    assert.equal(
      readFileSync(join(dir, 'src', 'server.ts'), 'utf8'),
      readFileSync(join(TEMPLATES, 'tasks', 'src', 'server.ts'), 'utf8'),
    );
  });

  test('accepts a directory holding only .git, and names the package after the folder', async () => {
    const dir = join(root, 'My Server');
    mkdirSync(join(dir, '.git'), { recursive: true });

    const run = await runBinary(['init', '--no-install'], { cwd: dir });

    assert.equal(run.code, 0);
    assert.equal(run.stdout.split('\n')[0], `created my-server from the weather template in ${dir}`);
    assert.equal(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name, 'my-server');
  });

  test('the cd line quotes a folder name a shell would expand or cut', async () => {
    const run = await runBinary(['init', "it's $HOME", '--no-install'], { cwd: root });

    assert.equal(run.code, 0);
    assert.equal(run.stdout.split('\n')[3], `  cd 'it'\\''s $HOME'`);
    assert.equal(
      JSON.parse(readFileSync(join(root, "it's $HOME", 'package.json'), 'utf8')).name,
      'it-s-home',
    );
  });

  test('a folder name npm would refuse as a package name becomes a valid one', async () => {
    for (const [folder, name] of [
      ['Café~Bot', 'cafe-bot'],
      ['Ünïcode', 'unicode'],
    ]) {
      const run = await runBinary(['init', folder!, '--no-install'], { cwd: root });

      assert.equal(run.code, 0);
      assert.equal(JSON.parse(readFileSync(join(root, folder!, 'package.json'), 'utf8')).name, name);
    }
  });

  test('every deploy file names the project, not the template: two projects never share a stack', async () => {
    for (const [template, folder] of [
      ['weather', 'Acme.Weather_2'],
      ['tasks', '7-tasks'],
    ] as const) {
      const run = await runBinary(['init', folder, '--template', template, '--no-install'], { cwd: root });
      assert.equal(run.code, 0, run.stderr);
      const read = (file: string) => readFileSync(join(root, folder, file), 'utf8');
      const service = template === 'weather' ? 'acme-weather-2' : 'mcp-7-tasks';
      const stack = template === 'weather' ? 'AcmeWeather2' : 'Mcp7Tasks';
      const name = template === 'weather' ? 'acme.weather_2' : '7-tasks';
      assert.match(read('serverless.yml'), new RegExp(`^service: ${service}$`, 'm'));
      assert.match(read('terraform/variables.tf'), new RegExp(`default {5}= "${service}"`));
      assert.match(read('infra/app.ts'), new RegExp(`new McpStack\\(app, '${stack}',`));
      assert.equal(JSON.parse(read('infra/package.json')).name, `${name}-infra`);
      for (const file of ['serverless.yml', 'terraform/variables.tf', 'infra/app.ts', 'infra/package.json']) {
        assert.doesNotMatch(read(file), /__[A-Z_]+__|weather-mcp|tasks-mcp|WeatherMcp|TasksMcp/, file);
      }
    }
  });

  test('a long folder name gives deploy names within AWS limits (32 characters)', async () => {
    const folder = 'a-very-long-project-name-for-the-weather-server-of-acme';
    const run = await runBinary(['init', folder, '--template', 'weather', '--no-install'], { cwd: root });
    assert.equal(run.code, 0, run.stderr);
    const serverless = readFileSync(join(root, folder, 'serverless.yml'), 'utf8');
    assert.match(serverless, /^service: a-very-long-project-name-for-the$/m);
  });

  test("bun create: the next steps run the scripts, not bun's own test runner and bundler", async () => {
    const dir = join(root, 'with-bun');
    const agent = process.env.npm_config_user_agent;
    process.env.npm_config_user_agent = 'bun/1.2.0 npm/? node/v24.0.0 linux x64';
    try {
      const run = await runBinary(['init', dir, '--no-install'], { cwd: root });

      assert.equal(run.code, 0);
      assert.equal(
        run.stdout.split('\n').slice(2).join('\n'),
        'Next:\n  cd with-bun\n  bun install\n' +
          '  bun run dev    # serve it locally, with client configuration\n' +
          '  bun run test   # run its tests\n' +
          '  bun run build  # bundle it for Lambda, then: bun run invoke --method tools/list\n',
      );
    } finally {
      if (agent === undefined) delete process.env.npm_config_user_agent;
      else process.env.npm_config_user_agent = agent;
    }
  });

  test('an install that cannot run leaves the project and says what to do, exit 1', async () => {
    const dir = join(root, 'no-npm');
    const path = process.env.PATH;
    process.env.PATH = join(root, 'nothing-here');
    try {
      const run = await runBinary(['init', dir], { cwd: root });

      assert.equal(run.stdout, `created no-npm from the weather template in ${dir}\n`);
      assert.equal(
        run.stderr,
        'lambda-mcp init: could not run npm install (spawn npm ENOENT). Install it, or use --no-install.\n',
      );
      assert.equal(run.code, 1);
      assert.ok(readdirSync(dir).includes('package.json'));
    } finally {
      process.env.PATH = path;
    }
  });

  test('create-lambda-mcp (npm create lambda-mcp) is the same command', () => {
    const dir = join(root, 'created');

    const run = spawnSync(process.execPath, [CREATE_MAIN, dir, '--template', 'weather', '--no-install'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

    assert.equal(run.status, 0);
    assert.equal(run.stdout.split('\n')[0], `created created from the weather template in ${dir}`);
    assert.deepEqual(
      filesUnder(dir),
      filesUnder(join(TEMPLATES, 'weather'))
        .map((file) => (file === 'gitignore' ? '.gitignore' : file))
        .sort(),
    );
  });

  test('--template openapi: the document kept self-contained, its tools converted, the API and credential header filled in', async () => {
    const specDir = join(root, 'shop-spec');
    mkdirSync(specDir);
    writeFileSync(join(specDir, 'shop.yaml'), SHOP_YAML);
    writeFileSync(
      join(specDir, 'schemas.yaml'),
      'Order:\n  type: object\n  properties: { id: { type: string }, total: { type: number } }\n',
    );
    const dir = join(root, 'shop-facade');

    const run = await runBinary(
      ['init', dir, '--template', 'openapi', '--spec', 'shop-spec/shop.yaml', '--no-install'],
      { cwd: root },
    );

    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    assert.deepEqual(run.stdout.split('\n').slice(0, 2), [
      `created shop-facade from the openapi template in ${dir}`,
      // The first server with variables is skipped: its URL is not one the tools can call.
      '2 tools from shop-spec/shop.yaml, calling https://shop.example.com/v2',
    ]);
    assert.deepEqual(
      filesUnder(dir),
      [
        ...filesUnder(join(TEMPLATES, 'openapi')).map((file) => (file === 'gitignore' ? '.gitignore' : file)),
        'openapi.json',
        'tools.json',
      ].sort(),
    );
    const document = readFileSync(join(dir, 'openapi.json'), 'utf8');
    assert.doesNotMatch(document, /schemas\.yaml/);
    assert.deepEqual(JSON.parse(document).paths['/orders/{id}'].get.responses['200'].content, {
      'application/json': {
        schema: { type: 'object', properties: { id: { type: 'string' }, total: { type: 'number' } } },
      },
    });
    // tools.json is what the project's own `npm run tools` writes from openapi.json.
    const converted = await runBinary(['openapi', 'convert', 'openapi.json'], { cwd: dir });
    assert.equal(converted.code, 0);
    assert.equal(readFileSync(join(dir, 'tools.json'), 'utf8'), converted.stdout);
    const server = readFileSync(join(dir, 'src', 'server.ts'), 'utf8');
    assert.match(server, /\nexport const CREDENTIAL_HEADER = 'authorization';\n/);
    assert.match(server, /\nconst DEFAULT_UPSTREAM = 'https:\/\/shop\.example\.com\/v2';\n/);
    for (const file of filesUnder(dir)) {
      assert.doesNotMatch(
        readFileSync(join(dir, file), 'utf8'),
        /__[A-Z][A-Z_]*__/,
        `${file} kept a placeholder`,
      );
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    assert.deepEqual(Object.keys(manifest.dependencies), ['@lambda-mcp/openapi', 'lambda-mcp']);
    assert.match(readFileSync(join(dir, 'infra', 'app.ts'), 'utf8'), /new McpStack\(app, 'ShopFacade', \{/);
  });

  test('--template openapi with --upstream and an API-key document: that URL, the key header', async () => {
    const spec = join(root, 'keyed.json');
    writeFileSync(
      spec,
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'Keyed', version: '1' },
        components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Shop-Key' } } },
        security: [{ key: [] }],
        paths: { '/ping': { get: { operationId: 'ping', responses: { '204': { description: 'up' } } } } },
      }),
    );
    const dir = join(root, 'keyed');

    const run = await runBinary(
      [
        'init',
        dir,
        '--template',
        'openapi',
        '--spec',
        spec,
        '--upstream',
        'http://127.0.0.1:8080/api/',
        '--no-install',
      ],
      { cwd: root },
    );

    assert.equal(run.code, 0);
    assert.equal(run.stdout.split('\n')[1], `1 tool from ${spec}, calling http://127.0.0.1:8080/api`);
    const server = readFileSync(join(dir, 'src', 'server.ts'), 'utf8');
    assert.match(server, /\nexport const CREDENTIAL_HEADER = 'x-shop-key';\n/);
    assert.match(server, /\nconst DEFAULT_UPSTREAM = 'http:\/\/127\.0\.0\.1:8080\/api';\n/);
  });

  test('--template openapi with a document naming no server: created, and told to set UPSTREAM_URL', async () => {
    const spec = join(root, 'serverless-api.json');
    writeFileSync(
      spec,
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'Relative', version: '1' },
        servers: [{ url: '/v1' }],
        paths: { '/ping': { get: { responses: { '204': { description: 'up' } } } } },
      }),
    );
    const dir = join(root, 'relative');

    const run = await runBinary(['init', dir, '--template', 'openapi', '--spec', spec, '--no-install'], {
      cwd: root,
    });

    assert.equal(run.code, 0);
    assert.equal(run.stdout.split('\n')[1], `1 tool from ${spec}`);
    assert.equal(
      run.stderr,
      `${NO_SECURITY}The document names no absolute server URL: set UPSTREAM_URL, or run init again with --upstream https://api.example.com\n`,
    );
    assert.match(readFileSync(join(dir, 'src', 'server.ts'), 'utf8'), /\nconst DEFAULT_UPSTREAM = '';\n/);
  });

  test('--template openapi --spec URL: fetched, and a relative server resolved against where it is served', async () => {
    const { createServer } = await import('node:http');
    const document = JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'Pets', version: '3' },
      servers: [{ url: '/api/v3' }],
      paths: { '/pets': { get: { operationId: 'listPets', responses: { '200': { description: 'pets' } } } } },
    });
    const documents = createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(document),
    );
    await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(documents.address() as import('node:net').AddressInfo).port}`;
    const dir = join(root, 'pets');
    try {
      const run = await runBinary(
        ['init', dir, '--template', 'openapi', '--spec', `${origin}/docs/openapi.json`, '--no-install'],
        { cwd: root },
      );

      // The document declares no security scheme: the line says how to forward the credential anyway.
      assert.equal(run.stderr, NO_SECURITY);
      assert.equal(run.code, 0);
      assert.equal(
        run.stdout.split('\n')[1],
        `1 tool from ${origin}/docs/openapi.json, calling ${origin}/api/v3`,
      );
      assert.deepEqual(JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8')), JSON.parse(document));
    } finally {
      documents.close();
    }
  });

  test('--template openapi with a large API says its tools are served through discovery', async () => {
    const paths = Object.fromEntries(
      Array.from({ length: 81 }, (_, i) => [
        `/things${i}`,
        { get: { operationId: `listThings${i}`, responses: { '200': { description: 'ok' } } } },
      ]),
    );
    const spec = join(root, 'large.json');
    writeFileSync(spec, JSON.stringify({ openapi: '3.1.0', info: { title: 'Large', version: '1' }, paths }));

    const run = await runBinary(
      [
        'init',
        join(root, 'large'),
        '--template',
        'openapi',
        '--spec',
        spec,
        '--upstream',
        'https://large.example.com',
        '--no-install',
      ],
      { cwd: root },
    );

    assert.equal(run.code, 0);
    assert.deepEqual(run.stdout.split('\n').slice(1, 3), [
      `81 tools from ${spec}, calling https://large.example.com`,
      'That many are served as three discovery tools (search_operations, describe_operation, call_operation): see mode in src/server.ts',
    ]);
  });

  const BAD_DOCUMENTS: { file: string; text: string | undefined; stderr: (path: string) => string }[] = [
    { file: 'missing.yaml', text: undefined, stderr: (path) => `${path} does not exist` },
    {
      file: 'swagger.json',
      text: JSON.stringify({ swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} }),
      stderr: (path) =>
        `${path} is Swagger 2.0, which is not supported: convert it to OpenAPI 3 first (for example with swagger2openapi or the Swagger Editor) and use the converted document.`,
    },
    {
      file: 'dangling.json',
      text: JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'x', version: '1' },
        paths: { '/a': { get: { responses: { '200': { $ref: './nowhere.yaml#/Ok' } } } } },
      }),
      stderr: (path) => `${path} has a $ref that cannot be resolved: `,
    },
    {
      file: 'no-operations.json',
      text: JSON.stringify({ openapi: '3.1.0', info: { title: 'x', version: '1' }, paths: { '/a': {} } }),
      stderr: (path) =>
        `${path} has paths but no operations: a path item holds them under get, put, post, delete, options, head, patch or trace, in lower case.`,
    },
  ];
  for (const { file, text, stderr } of BAD_DOCUMENTS) {
    test(`--template openapi --spec ${file}: one line, exit 1, no project`, async () => {
      const spec = join(root, 'bad-documents', file);
      mkdirSync(join(root, 'bad-documents'), { recursive: true });
      if (text !== undefined) writeFileSync(spec, text);
      const dir = join(root, `from-${file}`);

      const run = await runBinary(['init', dir, '--template', 'openapi', '--spec', spec, '--no-install'], {
        cwd: root,
      });

      assert.equal(run.stdout, '');
      assert.ok(run.stderr.startsWith(`lambda-mcp init: ${stderr(spec)}`), run.stderr);
      assert.equal(run.stderr.split('\n').length, 2);
      assert.equal(run.code, 1);
      assert.ok(!readdirSync(root).includes(`from-${file}`));
    });
  }

  const occupied = join(root, 'occupied');
  mkdirSync(occupied, { recursive: true });
  writeFileSync(join(occupied, 'notes.txt'), 'mine\n');
  const BAD: { args: string[]; stderr: string }[] = [
    {
      args: ['init', 'occupied', '--no-install'],
      stderr: 'lambda-mcp init: occupied is not empty. Name a new or empty directory, e.g. my-server\n',
    },
    {
      args: ['init', 'occupied/notes.txt'],
      stderr: 'lambda-mcp init: occupied/notes.txt is a file. Name a new or empty directory.\n',
    },
    {
      args: ['init', 'occupied/notes.txt/server'],
      stderr:
        'lambda-mcp init: occupied/notes.txt is a file, so occupied/notes.txt/server cannot be made. Name a new or empty directory.\n',
    },
    {
      args: ['init', 'fresh', '--template', 'todo'],
      stderr: 'lambda-mcp init: unknown template "todo": use --template weather, tasks or openapi\n',
    },
    {
      args: ['init', 'fresh', '--template'],
      stderr:
        'lambda-mcp init: option --template needs a value. Run lambda-mcp init --help for its options.\n',
    },
    {
      args: ['init', 'fresh', '--template', 'openapi'],
      stderr:
        "lambda-mcp init: --template openapi needs the API's document: add --spec openapi.yaml (a file, or the URL the API serves it at)\n",
    },
    {
      args: ['init', 'fresh', '--spec', 'openapi.yaml'],
      stderr: 'lambda-mcp init: --spec is for --template openapi\n',
    },
    {
      args: ['init', 'fresh', '--template', 'tasks', '--upstream', 'https://api.example.com'],
      stderr: 'lambda-mcp init: --upstream is for --template openapi\n',
    },
    {
      args: ['init', 'fresh', '--template', 'openapi', '--spec', 'api.json', '--upstream', 'api.example.com'],
      stderr: `lambda-mcp init: --upstream must be the API's http(s) base URL, not "api.example.com"\n`,
    },
    {
      args: ['init', 'fresh', '--yes'],
      stderr: 'lambda-mcp init: unknown option --yes. Run lambda-mcp init --help for its options.\n',
    },
    {
      args: ['init', 'fresh', 'other'],
      stderr: 'lambda-mcp init: unexpected argument "other". Run lambda-mcp init --help for its usage.\n',
    },
  ];
  test('npm create lambda-mcp in a folder that is not empty names no command the user does not have', () => {
    // `npm create` installs no lambda-mcp command: an example to run it with would fail.
    const run = spawnSync(process.execPath, [CREATE_MAIN, '--no-install'], {
      cwd: occupied,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

    assert.equal(
      run.stderr,
      'lambda-mcp init: . is not empty. Name a new or empty directory, e.g. my-server\n',
    );
    assert.equal(run.status, 2);
  });

  for (const { args, stderr } of BAD) {
    test(`lambda-mcp ${args.join(' ')} prints one line, exits 2 and creates nothing`, async () => {
      const run = await runBinary(args, { cwd: root });

      assert.equal(run.stderr, stderr);
      assert.equal(run.stdout, '');
      assert.equal(run.code, 2);
      assert.deepEqual(readdirSync(occupied), ['notes.txt']);
      assert.ok(!readdirSync(root).includes('fresh'));
    });
  }
});
