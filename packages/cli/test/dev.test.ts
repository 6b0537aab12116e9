import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { clientConfiguration } from '../src/dev/client-configuration.ts';
import { type RunningBinary, runBinary, startBinary } from './run-binary.ts';

const REPO_NODE_MODULES = join(import.meta.dirname, '..', '..', '..', 'node_modules');

const SERVER_MODULE = `import { createServer } from 'lambda-mcp';
import { greeting } from './tools/greeting.ts';

export const server = createServer({ name: 'test/dev-fixture', version: '1.0.0' });
server.tool('greet', { description: 'Says hello.', input: { type: 'object', properties: {} } }, () => greeting);
`;

/** The last line of the welcome: the command that tries the server. */
const WELCOME_END = / {17}npx @lambda-mcp\/cli call http\S+\n/;

const greetingModule = (text: string) => `export const greeting = '${text}';\n`;

/** A project folder as a user has it: the server module, a module it imports, node_modules. */
function writeProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-mcp-cli-dev-'));
  symlinkSync(REPO_NODE_MODULES, join(dir, 'node_modules'));
  mkdirSync(join(dir, 'src', 'tools'), { recursive: true });
  writeFileSync(join(dir, 'src', 'server.ts'), SERVER_MODULE);
  writeFileSync(join(dir, 'src', 'tools', 'greeting.ts'), greetingModule('hello v1'));
  writeFileSync(
    join(dir, 'src', 'handler.ts'),
    'export const handler = async () => ({ statusCode: 200 });\n',
  );
  return dir;
}

async function callGreet(url: string): Promise<unknown> {
  const client = new Client({ name: 'dev-test', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  try {
    const result = await client.callTool({ name: 'greet', arguments: {} });
    return result.content;
  } finally {
    await client.close();
  }
}

describe('lambda-mcp dev', () => {
  const project = writeProject();
  let dev: RunningBinary;
  let url: string;

  before(async () => {
    dev = startBinary(['dev', '--port', '0'], { cwd: project });
    [, url = ''] = await dev.waitFor(/serving test\/dev-fixture at (http:\/\/\S+)/);
    await dev.waitFor(WELCOME_END); // the last line of the welcome
  });
  after(async () => {
    await dev.stop();
    rmSync(project, { recursive: true, force: true });
  });

  test('serves src/server.ts and prints ready-to-paste client configuration', () => {
    const { stdout } = dev.output();

    assert.match(stdout, new RegExp(`\\n {17}claude mcp add --transport http dev-fixture ${url}\\n`));
    assert.ok(stdout.includes(`{"servers":{"dev-fixture":{"type":"http","url":"${url}"}}}`));
    assert.ok(stdout.includes(`{"mcpServers":{"dev-fixture":{"url":"${url}"}}}`));
    assert.ok(
      stdout.includes(
        `{"mcpServers":{"dev-fixture":{"command":"npx","args":["-y","@lambda-mcp/cli","proxy","${url}"]}}}`,
      ),
    );
  });

  test('answers the official 2.x client', async () => {
    assert.deepEqual(await callGreet(url), [{ type: 'text', text: 'hello v1' }]);
  });

  test('restarts on a change to a module the server imports, on the same URL', async () => {
    const mark = dev.written();

    writeFileSync(join(project, 'src', 'tools', 'greeting.ts'), greetingModule('hello v2'));
    const [, reloadedAt] = await dev.waitFor(/reloaded (http:\/\/\S+)/, mark);

    assert.equal(reloadedAt, url);
    assert.deepEqual(await callGreet(url), [{ type: 'text', text: 'hello v2' }]);
  });

  test('keeps watching when a change does not load, and recovers on the next one', async () => {
    const mark = dev.written();

    writeFileSync(join(project, 'src', 'tools', 'greeting.ts'), "export const greeting = 'unterminated;\n");
    await dev.waitFor(/the server did not start: /, mark);
    writeFileSync(join(project, 'src', 'tools', 'greeting.ts'), greetingModule('hello v3'));
    await dev.waitFor(/reloaded /, mark);

    assert.deepEqual(await callGreet(url), [{ type: 'text', text: 'hello v3' }]);
  });

  test('a change that hangs at import is given up for the next one', async () => {
    const mark = dev.written();
    const errors = dev.output().stderr.length;

    // A connection that never answers, as a module awaiting a database at import would have.
    writeFileSync(
      join(project, 'src', 'tools', 'greeting.ts'),
      "await new Promise(() => setInterval(() => {}, 1000));\nexport const greeting = 'never';\n",
    );
    await dev.waitFor(/changed: restarting/, mark);
    await new Promise((resolve) => setTimeout(resolve, 300));
    writeFileSync(join(project, 'src', 'tools', 'greeting.ts'), greetingModule('hello v4'));
    await dev.waitFor(/reloaded /, mark);

    assert.deepEqual(await callGreet(url), [{ type: 'text', text: 'hello v4' }]);
    assert.doesNotMatch(dev.output().stderr.slice(errors), /did not start/);
  });

  test('a file the server writes beside its sources does not restart it', async () => {
    const mark = dev.written();

    writeFileSync(join(project, 'src', 'server.log'), 'a log line\n');
    await new Promise((resolve) => setTimeout(resolve, 400));

    assert.equal(dev.output().stderr.slice(mark).includes('restarting'), false);
  });

  test('Ctrl-C stops the server and exits 0', async () => {
    const code = await dev.stop();

    assert.equal(code, 0);
    await assert.rejects(fetch(url, { method: 'POST' }), /fetch failed/);
  });
});

test('a change saved as soon as the welcome is printed restarts the server', async () => {
  const project = writeProject();
  const dev = startBinary(['dev', '--port', '0'], { cwd: project });
  try {
    await dev.waitFor(WELCOME_END);
    writeFileSync(join(project, 'src', 'tools', 'greeting.ts'), greetingModule('hello v2'));
    await dev.waitFor(/reloaded /);
  } finally {
    await dev.stop();
    rmSync(project, { recursive: true, force: true });
  }
});

test('Ctrl-C while a change hangs at import stops the server and exits 0', async () => {
  const project = writeProject();
  const dev = startBinary(['dev', '--port', '0'], { cwd: project });
  try {
    await dev.waitFor(WELCOME_END);
    writeFileSync(
      join(project, 'src', 'tools', 'greeting.ts'),
      "await new Promise(() => setInterval(() => {}, 1000));\nexport const greeting = 'never';\n",
    );
    await dev.waitFor(/changed: restarting/);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const code = await Promise.race([
      dev.stop(),
      new Promise((resolve) => setTimeout(() => resolve('still running after 10 s'), 10_000)),
    ]);

    assert.equal(code, 0);
  } finally {
    dev.child.kill('SIGKILL');
    rmSync(project, { recursive: true, force: true });
  }
});

test('a server process that dies after it started is reported, and the next change starts it again', async () => {
  const project = writeProject();
  // A tool that ends the process once it answered, as an error nothing catches would.
  writeFileSync(
    join(project, 'src', 'server.ts'),
    SERVER_MODULE.replace('() => greeting', '() => (setTimeout(() => process.exit(3), 10), greeting)'),
  );
  const dev = startBinary(['dev', '--port', '0'], { cwd: project });
  try {
    const [, url = ''] = await dev.waitFor(/serving test\/dev-fixture at (http:\/\/\S+)/);
    await dev.waitFor(WELCOME_END);
    await callGreet(url);
    const [line] = await dev.waitFor(/.*the server exited.*\n.*\n/);

    assert.equal(
      line,
      'the server exited (code 3)\nfix it and save: lambda-mcp dev restarts on the next change\n',
    );
    const mark = dev.written();
    writeFileSync(join(project, 'src', 'tools', 'greeting.ts'), greetingModule('hello again'));
    await dev.waitFor(/reloaded /, mark);
  } finally {
    await dev.stop();
    rmSync(project, { recursive: true, force: true });
  }
});

describe('lambda-mcp dev, bad invocations', () => {
  const project = writeProject();
  after(() => rmSync(project, { recursive: true, force: true }));

  test('a module that exports no server prints one line and exits 1', async () => {
    const run = await runBinary(['dev', 'src/handler.ts', '--port', '0'], { cwd: project });

    assert.equal(
      run.stderr,
      `lambda-mcp dev: ${join(project, 'src', 'handler.ts')} exports no MCP server: export it as \`server\` (the result of createServer) or as the default export\n`,
    );
    assert.equal(run.code, 1);
  });

  test('a missing entry prints one line and exits 2', async () => {
    const run = await runBinary(['dev', 'src/nothing.ts'], { cwd: project });

    assert.equal(
      run.stderr,
      'lambda-mcp dev: src/nothing.ts does not exist. Name the module that exports the server.\n',
    );
    assert.equal(run.code, 2);
  });

  test('a directory as the entry prints one line and exits 2', async () => {
    const run = await runBinary(['dev', 'src'], { cwd: project });

    assert.equal(
      run.stderr,
      'lambda-mcp dev: src is a directory. Name the module that exports the server.\n',
    );
    assert.equal(run.code, 2);
  });

  test('a port in use prints one line and exits 1', async () => {
    const taken = createHttpServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;

    const run = await runBinary(['dev', '--port', String(port)], { cwd: project });
    taken.close();

    assert.equal(
      run.stderr,
      `lambda-mcp dev: port ${port} on 127.0.0.1 is in use: stop what listens there or pass --port <another>\n`,
    );
    assert.equal(run.code, 1);
  });

  test('a --host that is not an address of this machine prints one line and exits 1', async () => {
    // 192.0.2.1 is TEST-NET-1: documentation only, never a local address.
    const run = await runBinary(['dev', '--host', '192.0.2.1', '--port', '0'], { cwd: project });

    assert.equal(
      run.stderr,
      'lambda-mcp dev: --host 192.0.2.1 is not an address of this machine: use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)\n',
    );
    assert.equal(run.code, 1);
  });

  test('a --port that is not a number prints one line and exits 2', async () => {
    const run = await runBinary(['dev', '--port', 'http'], { cwd: project });

    assert.equal(run.stderr, 'lambda-mcp dev: --port must be a whole number, not "http"\n');
    assert.equal(run.code, 2);
  });
});

test('the printed shell commands quote a URL a shell would glob (an IPv6 --host)', () => {
  const commands = clientConfiguration('weather', 'http://[::1]:3000/mcp').filter(
    ({ where }) => where === 'run',
  );

  assert.deepEqual(
    commands.map(({ text }) => text),
    [
      "claude mcp add --transport http weather 'http://[::1]:3000/mcp'",
      // npx: in a project the CLI is a devDependency, not a command of the shell's.
      "npx @lambda-mcp/cli call 'http://[::1]:3000/mcp'",
    ],
  );
});
