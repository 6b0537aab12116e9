import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { httpApiEvent, mcpRequest } from 'lambda-mcp/testing';
import { runBinary } from './run-binary.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const LISBON = { city: 'Lisbon', temperature: 21, units: 'metric', conditions: 'sunny' };
const REJECTED =
  "lambda-mcp: the code cache is not used, V8 rejected it: its flags differ from the recording run's (--expose-gc, as the Lambda runtime starts Node), or handler.cjs is not the file it was recorded for (deploy the files of one build together). The cold start compiles the bundle instead.\n";

interface BuildJson {
  file: string;
  bundle: string;
  sourcemap: string;
  bytes: number;
  codeCache: { file: string; bytes: number; node: string; v8: string; training: (number | string)[] };
  warnings: string[];
}

/**
 * Imports a loader in a fresh Node (with `flags`), calls `handler` with `event` and prints the
 * result as JSON: what the Lambda runtime does with the module, without the runtime.
 */
function runLoader(
  loader: string,
  event: unknown,
  flags: string[] = ['--expose-gc'],
): Promise<{ result: { statusCode?: number; body?: string }; exports: string[]; stderr: string }> {
  const script = `const m = await import(${JSON.stringify(loader)});
const context = { awsRequestId: 'c0ffee00-0000-4000-8000-000000000000', getRemainingTimeInMillis: () => 10000, functionName: 'f' };
let result;
try { result = await m.handler(${JSON.stringify(event)}, context); }
catch (error) { result = { thrown: error.message, stack: error.stack }; }
console.log('RESULT ' + JSON.stringify(result));
console.log('EXPORTS ' + JSON.stringify(Object.keys(m).sort()));`;
  return new Promise((resolve, reject) => {
    // No NODE_OPTIONS: its --conditions are the test runner's, not the function's.
    const { NODE_OPTIONS: _, ...env } = process.env;
    const child = spawn(process.execPath, [...flags, '--input-type=module', '-e', script], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', () => {
      const line = (prefix: string) => {
        const found = stdout.split('\n').find((text) => text.startsWith(prefix));
        return found === undefined ? undefined : JSON.parse(found.slice(prefix.length));
      };
      resolve({ result: line('RESULT '), exports: line('EXPORTS '), stderr });
    });
  });
}

/** Imports a loader in a fresh Node under Lambda's flags; its exports, functions as `function`. */
async function loaderExports(loader: string): Promise<Record<string, unknown>> {
  const script = `const m = await import(${JSON.stringify(loader)});
console.log(JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'function' ? 'function' : v]))));`;
  const { NODE_OPTIONS: _, ...env } = process.env;
  const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  await new Promise((resolve) => child.on('close', resolve));
  return JSON.parse(stdout);
}

function toolsCall(): unknown {
  const request = mcpRequest('tools/call', { name: 'get_weather', arguments: { city: 'Lisbon' } });
  return httpApiEvent({ method: 'POST', path: '/mcp', headers: request.headers, body: request.body });
}

describe('lambda-mcp build --code-cache', { concurrency: 4 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-mcp-code-cache-'));
  const weather = join(dir, 'weather');
  const plain = join(dir, 'plain');
  let report: BuildJson;
  let plainReport: BuildJson;

  before(async () => {
    const [json, other] = await Promise.all([
      runBinary(['build', join(FIXTURES, 'weather-handler.ts'), '--out', weather, '--code-cache', '--json']),
      runBinary(['build', join(FIXTURES, 'code-cache-handler.ts'), '--out', plain, '--code-cache', '--json']),
    ]);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(other.code, 0, other.stderr);
    report = JSON.parse(json.stdout);
    plainReport = JSON.parse(other.stdout);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('writes the CommonJS bundle, its map, the cache recorded by this Node, and the loader', () => {
    assert.equal(report.file, join(weather, 'index.mjs'));
    assert.equal(report.bundle, join(weather, 'handler.cjs'));
    assert.equal(report.sourcemap, join(weather, 'handler.cjs.map'));
    assert.equal(report.bytes, statSync(report.bundle).size);
    assert.equal(report.codeCache.file, join(weather, 'handler.cjs.cache'));
    assert.equal(report.codeCache.bytes, statSync(report.codeCache.file).size);
    assert.equal(report.codeCache.node, process.version);
    assert.equal(report.codeCache.v8, process.versions.v8);
    // tools/list, a tools/call of a tool that does not exist, a 2025 initialize.
    assert.deepEqual(report.codeCache.training, [200, 400, 200]);
    assert.deepEqual(report.warnings, []);
    assert.match(readFileSync(report.file, 'utf8'), /\nexport \{\n {2}handler\n\};\n$/);
    assert.equal(existsSync(join(weather, 'index.mjs.map')), false);
  });

  test('the text report says what was recorded', async () => {
    const out = join(dir, 'text');
    const run = await runBinary([
      'build',
      join(FIXTURES, 'code-cache-handler.ts'),
      '--out',
      out,
      '--code-cache',
    ]);

    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(
        `recorded \\S*handler\\.cjs\\.cache: [\\d.]+ (KB|B) of V8 code for Node ${process.version} \\(V8 ${process.versions.v8.replaceAll('.', '\\.')}\\), trained with 3 invocation\\(s\\) \\(200, 200, 200\\); \\S*index\\.mjs loads it\n`,
      ),
    );
  });

  for (const kind of ['rest', 'http', 'url', 'alb']) {
    test(`invoke answers a tools/call through the loader (${kind} event), the cache accepted`, async () => {
      const run = await runBinary([
        'invoke',
        report.file,
        '--tool',
        'get_weather',
        '--args',
        '{"city":"Lisbon"}',
        '--event',
        kind,
        '--json',
      ]);

      assert.equal(run.code, 0, run.stderr);
      const answer = JSON.parse(run.stdout) as {
        statusCode: number;
        response: { result: { structuredContent: unknown } };
        logs: string[];
      };
      assert.equal(answer.statusCode, 200);
      assert.deepEqual(answer.response.result.structuredContent, LISBON);
      // invoke starts Node with Lambda's flags: the loader's warning would be among the logs.
      assert.equal(answer.logs.length, 1);
      assert.match(answer.logs[0]!, /"message":"mcp request".*"tool":"get_weather"/);
    });
  }

  test('a streaming handler builds with --code-cache and streams through the loader', async () => {
    const out = join(dir, 'streaming');
    const built = await runBinary([
      'build',
      join(FIXTURES, 'weather-streaming-handler.ts'),
      '--out',
      out,
      '--code-cache',
      '--json',
    ]);
    assert.equal(built.code, 0, built.stderr);
    assert.deepEqual((JSON.parse(built.stdout) as BuildJson).codeCache.training, [
      'streamed',
      'streamed',
      'streamed',
    ]);

    const run = await runBinary([
      'invoke',
      join(out, 'index.mjs'),
      '--stream',
      '--event',
      'url',
      '--tool',
      'get_weather',
      '--args',
      '{"city":"Lisbon"}',
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout).response.result.structuredContent, LISBON);
  });

  test('under the Lambda runtime flags the loader is silent and the handler answers', async () => {
    const run = await runLoader(report.file, toolsCall());

    assert.equal(run.stderr, '');
    const { statusCode, body } = run.result as { statusCode: number; body: string };
    assert.equal(statusCode, 200);
    assert.deepEqual(JSON.parse(body).result.structuredContent, LISBON);
  });

  test('other V8 flags: V8 rejects the cache, the loader says so once and the handler still answers', async () => {
    const run = await runLoader(report.file, toolsCall(), []);

    assert.equal(run.stderr, REJECTED);
    assert.equal(run.result.statusCode, 200);
  });

  test('another V8 release: the cache is not read, the warning names the Node to build with', async () => {
    const copy = join(dir, 'other-v8');
    cpSync(weather, copy, { recursive: true });
    const loader = join(copy, 'index.mjs');
    writeFileSync(
      loader,
      readFileSync(loader, 'utf8')
        .replace(`"${process.version}"`, '"v24.0.0"')
        .replace(`"${process.versions.v8}"`, '"13.6.233.8-node.1"'),
    );

    const run = await runLoader(loader, toolsCall());

    assert.equal(
      run.stderr,
      `lambda-mcp: the code cache is not used, it was recorded by Node v24.0.0 (V8 13.6.233.8-node.1) and this is Node ${process.version} (V8 ${process.versions.v8}): build with Node ${process.version}. The cold start compiles the bundle instead.\n`,
    );
    assert.equal(run.result.statusCode, 200);
  });

  test('a cache file left out of the deployment: the warning says to deploy it', async () => {
    const copy = join(dir, 'no-cache');
    cpSync(weather, copy, { recursive: true });
    unlinkSync(join(copy, 'handler.cjs.cache'));

    const run = await runLoader(join(copy, 'index.mjs'), toolsCall());

    assert.equal(
      run.stderr,
      `lambda-mcp: the code cache is not used, ${join(copy, 'handler.cjs.cache')} is missing: deploy it with the bundle. The cold start compiles the bundle instead.\n`,
    );
    assert.equal(run.result.statusCode, 200);
  });

  test('the loader re-exports every export; import() and import.meta work in the CommonJS bundle', async () => {
    const loader = plainReport.file;
    const [imported, meta] = await Promise.all([
      runLoader(loader, { action: 'import' }),
      runLoader(loader, { action: 'meta' }),
    ]);

    assert.equal(imported.stderr, '');
    assert.deepEqual(imported.result, { statusCode: 200, body: '"\\n"' });
    assert.deepEqual(imported.exports, ['default', 'handler', 'version']);
    assert.deepEqual(meta.result, { statusCode: 200, body: 'same' });
  });

  test('the loader re-exports names it uses itself, reserved words and names that are not identifiers', async () => {
    const entry = join(dir, 'odd-exports.ts');
    writeFileSync(
      entry,
      [
        "export const handler = async () => ({ statusCode: 200, body: 'ok' });",
        "export const loaded = 'loaded';",
        "export const loadWithCodeCache = 'loadWithCodeCache';",
        "export const __lambdaMcpLoaded = 'internal';",
        "const kebab = 'kebab';",
        "const klass = 'class';",
        "export { kebab as 'kebab-name', klass as class };",
        "export const \u00e9t\u00e9 = 'summer';",
        "export default 'default';",
        '',
      ].join('\n'),
    );
    const out = join(dir, 'odd-exports-out');

    const run = await runBinary(['build', entry, '--out', out, '--code-cache']);

    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    assert.deepEqual(await loaderExports(join(out, 'index.mjs')), {
      __lambdaMcpLoaded: 'internal',
      class: 'class',
      default: 'default',
      handler: 'function',
      'kebab-name': 'kebab',
      loadWithCodeCache: 'loadWithCodeCache',
      loaded: 'loaded',
      '\u00e9t\u00e9': 'summer',
    });
  });

  test('an entry that starts with a hashbang builds, and the loader runs it with the cache', async () => {
    const entry = join(dir, 'hashbang.ts');
    writeFileSync(
      entry,
      "#!/usr/bin/env node\nexport const handler = async () => ({ statusCode: 200, body: 'hashbang' });\n",
    );
    const out = join(dir, 'hashbang-out');

    const built = await runBinary(['build', entry, '--out', out, '--code-cache', '--json']);

    assert.equal(built.stderr, '');
    assert.deepEqual((JSON.parse(built.stdout) as BuildJson).codeCache.training, [200, 200, 200]);
    const run = await runLoader(join(out, 'index.mjs'), {});
    assert.equal(run.stderr, '');
    assert.deepEqual(run.result, { statusCode: 200, body: 'hashbang' });
  });

  test('a package left outside the bundle loads from node_modules beside it', async () => {
    // Under the repository's node_modules, where zod is installed, as a deployment ships it.
    const out = mkdtempSync(
      join(import.meta.dirname, '..', '..', '..', 'node_modules', '.cache-code-cache-'),
    );
    try {
      const built = await runBinary([
        'build',
        join(FIXTURES, 'code-cache-handler.ts'),
        '--out',
        out,
        '--code-cache',
        '--json',
      ]);
      assert.equal(built.code, 0, built.stderr);

      const run = await runLoader(join(out, 'index.mjs'), { action: 'package' });

      assert.equal(run.stderr, '');
      assert.deepEqual(run.result, { statusCode: 200, body: 'from node_modules' });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('a thrown error points at its place in handler.cjs', async () => {
    const run = await runLoader(plainReport.file, { action: 'throw' });

    const { thrown, stack } = run.result as unknown as { thrown: string; stack: string };
    assert.equal(thrown, 'thrown on purpose');
    const [, line, column] = /handler\.cjs:(\d+):(\d+)\)/.exec(stack) ?? [];
    assert.ok(line && column, stack);
    const text = readFileSync(plainReport.bundle, 'utf8').split('\n')[Number(line) - 1]!;
    assert.ok(text.slice(Number(column) - 1).startsWith('new Error("thrown on purpose")'), text);
  });

  test("with --enable-source-maps, the bundle's frames name the TypeScript source, mapped when first formatted", async () => {
    const run = await runLoader(plainReport.file, { action: 'throw' }, [
      '--expose-gc',
      '--enable-source-maps',
    ]);

    const { stack } = run.result as unknown as { stack: string };
    const fixture = join(FIXTURES, 'code-cache-handler.ts');
    const lines = readFileSync(fixture, 'utf8').split('\n');
    const line = lines.findIndex((text) => text.includes("throw new Error('thrown on purpose')"));
    const column = lines[line]!.indexOf("new Error('thrown on purpose')");
    assert.equal(stack.split('\n')[0], 'Error: thrown on purpose');
    assert.equal(
      stack.split('\n')[1]!.replace(/ at \S+ \(/, ' at ('),
      `    at (${fixture}:${line + 1}:${column + 1})`,
    );
    assert.equal(run.stderr, '');
  });

  test("--train-event records the cache with the user's own events", async () => {
    const eventFile = join(dir, 'get-weather.json');
    writeFileSync(eventFile, JSON.stringify(toolsCall()));
    const out = join(dir, 'trained');

    const run = await runBinary([
      'build',
      join(FIXTURES, 'weather-handler.ts'),
      '--out',
      out,
      '--code-cache',
      '--train-event',
      eventFile,
      '--train-event',
      eventFile,
      '--json',
    ]);

    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as BuildJson).codeCache.training, [200, 200]);
    const call = await runLoader(join(out, 'index.mjs'), toolsCall());
    assert.equal(call.stderr, '');
    assert.equal(call.result.statusCode, 200);
  });

  test('--train-tool adds a call of that tool, with --train-args, to the default training', async () => {
    const out = join(dir, 'train-tool');

    const run = await runBinary([
      'build',
      join(FIXTURES, 'weather-handler.ts'),
      '--out',
      out,
      '--code-cache',
      '--train-tool',
      'get_weather',
      '--train-args',
      '{"city":"Lisbon"}',
      '--json',
    ]);

    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as BuildJson).codeCache.training, [200, 400, 200, 200]);
    const call = await runLoader(join(out, 'index.mjs'), toolsCall());
    assert.equal(call.stderr, '');
    assert.deepEqual(JSON.parse(call.result.body!).result.structuredContent, LISBON);
  });

  test('a --train-tool the server refuses (a misspelt name) is a warning: its code is not in the cache', async () => {
    const run = await runBinary([
      'build',
      join(FIXTURES, 'weather-handler.ts'),
      '--out',
      join(dir, 'train-typo'),
      '--code-cache',
      '--train-tool',
      'get_wether',
      '--json',
    ]);

    assert.equal(run.code, 0, run.stderr);
    const built = JSON.parse(run.stdout) as BuildJson;
    assert.deepEqual(built.codeCache.training, [200, 400, 200, 400]);
    assert.deepEqual(built.warnings, [
      '--train-tool get_wether was refused (HTTP 400), so the cache holds none of its own code: check the name (lambda-mcp invoke --method tools/list lists the tools) and what the server needs to run it',
    ]);
  });

  test('--train-tool and --train-args misused: one line, exit 2', async () => {
    const entry = join(FIXTURES, 'code-cache-handler.ts');
    const [withoutCache, argsAlone, badArgs] = await Promise.all([
      runBinary(['build', entry, '--train-tool', 'get_weather']),
      runBinary(['build', entry, '--code-cache', '--train-args', '{}']),
      runBinary(['build', entry, '--code-cache', '--train-tool', 'get_weather', '--train-args', '[1]']),
    ]);

    assert.equal(
      withoutCache.stderr,
      'lambda-mcp build: --train-tool trains the code cache: add --code-cache\n',
    );
    assert.equal(withoutCache.code, 2);
    assert.equal(
      argsAlone.stderr,
      'lambda-mcp build: --train-args are the arguments of --train-tool: name the tool\n',
    );
    assert.equal(argsAlone.code, 2);
    assert.equal(
      badArgs.stderr,
      `lambda-mcp build: --train-args must be a JSON object, e.g. --train-args '{"city":"Lisbon"}'\n`,
    );
    assert.equal(badArgs.code, 2);
  });

  test('a module whose init throws fails the build with its error and exits 1', async () => {
    const entry = join(dir, 'init-throws.ts');
    writeFileSync(entry, "throw new Error('no DATABASE_URL');\nexport const handler = async () => 1;\n");

    const run = await runBinary(['build', entry, '--out', join(dir, 'init-throws-out'), '--code-cache']);

    assert.equal(run.code, 1);
    // Its frame in the bundle, none of Node's or the CLI's own (the recorder that loaded it).
    assert.match(
      run.stderr,
      /^lambda-mcp build: --code-cache runs the bundle's init to record what it compiles, and it failed: Error: no DATABASE_URL\n {4}at \S+handler\.cjs:\d+:\d+\n$/,
    );
  });

  test('an error nothing catches while recording fails the build with that error, not the Node version', async () => {
    const entry = join(dir, 'timer-throws.ts');
    writeFileSync(
      entry,
      [
        'export const handler = async () => {',
        "  setTimeout(() => { throw new Error('thrown in a timer'); }, 1);",
        '  await new Promise((resolve) => setTimeout(resolve, 50));',
        "  return { statusCode: 200, body: 'ok' };",
        '};',
        '',
      ].join('\n'),
    );
    const rejects = join(dir, 'init-rejects.ts');
    writeFileSync(
      rejects,
      "Promise.reject(new TypeError('rejected at init'));\nexport const handler = async () => ({ statusCode: 200 });\n",
    );

    const [thrown, rejected] = await Promise.all([
      runBinary(['build', entry, '--out', join(dir, 'timer-throws-out'), '--code-cache']),
      runBinary(['build', rejects, '--out', join(dir, 'init-rejects-out'), '--code-cache']),
    ]);

    const because =
      'lambda-mcp build: recording the code cache failed: an error nothing caught (thrown in a callback, or a rejection no one handled) ended the process:';
    assert.equal(thrown.stderr.split('\n')[0], `${because} Error: thrown in a timer`);
    assert.equal(thrown.code, 1);
    assert.equal(rejected.stderr.split('\n')[0], `${because} TypeError: rejected at init`);
    assert.equal(rejected.code, 1);
  });

  test('a handler that is not async is trained with what it answers', async () => {
    const entry = join(dir, 'sync-handler.ts');
    writeFileSync(entry, "export const handler = () => ({ statusCode: 201, body: 'sync' });\n");

    const run = await runBinary(['build', entry, '--out', join(dir, 'sync-out'), '--code-cache', '--json']);

    assert.equal(run.stderr, '');
    assert.deepEqual((JSON.parse(run.stdout) as BuildJson).codeCache.training, [201, 201, 201]);
  });

  test("a training invocation that fails is a warning that shows the recording's last log lines", async () => {
    const entry = join(dir, 'failing-training.ts');
    writeFileSync(
      entry,
      "export const handler = async () => { console.error('db unreachable: ECONNREFUSED 127.0.0.1:5432'); return { statusCode: 502, body: 'no db' }; };\n",
    );

    const run = await runBinary([
      'build',
      entry,
      '--out',
      join(dir, 'failing-training-out'),
      '--code-cache',
      '--json',
    ]);

    const report = JSON.parse(run.stdout) as BuildJson;
    assert.equal(run.code, 0);
    assert.deepEqual(report.codeCache.training, [502, 502, 502]);
    assert.deepEqual(report.warnings, [
      'training invocation(s) #1 502, #2 502, #3 502 failed, so the cache holds less of what they run. ' +
        "The recording's last log lines:\n" +
        '    db unreachable: ECONNREFUSED 127.0.0.1:5432\n'.repeat(3).slice(0, -1),
    ]);
  });

  test('a bundle without a handler export fails the build and exits 1', async () => {
    const entry = join(dir, 'no-handler.ts');
    writeFileSync(entry, 'export const main = async () => 1;\n');

    const run = await runBinary(['build', entry, '--out', join(dir, 'no-handler-out'), '--code-cache']);

    assert.equal(
      run.stderr,
      `lambda-mcp build: --code-cache runs the bundle's init to record what it compiles, and it failed: the bundle exports no function "handler" (it exports main)\n`,
    );
    assert.equal(run.code, 1);
  });

  test('a recording that fails leaves no loader or cache of an earlier build beside the new bundle', async () => {
    // Bundles of the same length: V8 would take the first one's cache for the second one's code.
    const out = join(dir, 'failed-over');
    const first = join(dir, 'first.ts');
    const second = join(dir, 'second.ts');
    writeFileSync(
      first,
      "if ((globalThis as any).FLAG === 1) throw new Error('init');\nexport const handler = async () => ({ statusCode: 200, body: 'v1' });\n",
    );
    writeFileSync(
      second,
      "if ((globalThis as any).FLAG !== 1) throw new Error('init');\nexport const handler = async () => ({ statusCode: 200, body: 'v2' });\n",
    );
    assert.equal((await runBinary(['build', first, '--out', out, '--code-cache'])).code, 0);

    const failed = await runBinary(['build', second, '--out', out, '--code-cache']);

    assert.equal(failed.code, 1);
    assert.equal(
      failed.stderr.split('\n')[0],
      "lambda-mcp build: --code-cache runs the bundle's init to record what it compiles, and it failed: Error: init",
    );
    assert.deepEqual(readdirSync(out).sort(), ['handler.cjs', 'handler.cjs.map']);
  });

  test('top-level await cannot be bundled as CommonJS: the error says what to do', async () => {
    const entry = join(dir, 'top-level-await.ts');
    writeFileSync(
      entry,
      'const config = await Promise.resolve(1);\nexport const handler = async () => config;\n',
    );

    const run = await runBinary(['build', entry, '--out', join(dir, 'tla-out'), '--code-cache']);

    assert.match(
      run.stderr,
      /^lambda-mcp build: the bundle failed: .*top-level-await\.ts:1: Top-level await is currently not supported with the "cjs" output format \(--code-cache bundles as CommonJS, which has no top-level await: move it into the handler, or build without --code-cache\)\n$/,
    );
    assert.equal(run.code, 1);
  });

  test("building one layout over the other removes the other's files from the directory", async () => {
    const out = join(dir, 'switch');
    const entry = join(FIXTURES, 'code-cache-handler.ts');
    const files = () => readdirSync(out).sort();

    assert.equal((await runBinary(['build', entry, '--out', out])).code, 0);
    assert.deepEqual(files(), ['index.mjs', 'index.mjs.map']);
    assert.equal((await runBinary(['build', entry, '--out', out, '--code-cache'])).code, 0);
    assert.deepEqual(files(), ['handler.cjs', 'handler.cjs.cache', 'handler.cjs.map', 'index.mjs']);
    assert.equal((await runBinary(['build', entry, '--out', out])).code, 0);
    assert.deepEqual(files(), ['index.mjs', 'index.mjs.map']);
  });

  test('--train-event without --code-cache, or a --train-event that is not JSON, exits 2', async () => {
    const notJson = join(dir, 'not-json.json');
    writeFileSync(notJson, '{event');
    const [without, bad] = await Promise.all([
      runBinary(['build', join(FIXTURES, 'code-cache-handler.ts'), '--train-event', notJson]),
      runBinary(['build', join(FIXTURES, 'code-cache-handler.ts'), '--code-cache', '--train-event', notJson]),
    ]);

    assert.equal(without.stderr, 'lambda-mcp build: --train-event trains the code cache: add --code-cache\n');
    assert.equal(without.code, 2);
    assert.equal(
      bad.stderr,
      `lambda-mcp build: --train-event ${notJson} is not valid JSON (Expected property name or '}' in JSON at position 1 (line 1 column 2))\n`,
    );
    assert.equal(bad.code, 2);
  });

  test('a --train-event that is not a JSON object: one line that says what it holds, exit 2', async () => {
    const files = { array: '[{"body":"{}"}]', string: '"tools/list"', null: 'null', number: '42' };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, `${name}.json`), text);
    const runs = await Promise.all(
      Object.keys(files).map((name) =>
        runBinary([
          'build',
          join(FIXTURES, 'code-cache-handler.ts'),
          '--out',
          join(dir, `not-object-${name}`),
          '--code-cache',
          '--train-event',
          join(dir, `${name}.json`),
        ]),
      ),
    );

    const holds = ['a JSON array', 'a JSON string', 'null', 'a JSON number'];
    assert.deepEqual(
      runs.map((run) => [run.code, run.stderr]),
      Object.keys(files).map((name, index) => [
        2,
        `lambda-mcp build: --train-event ${join(dir, `${name}.json`)} holds ${holds[index]}, not a Lambda event (a JSON object): put one event in each file and repeat --train-event\n`,
      ]),
    );
  });
});
