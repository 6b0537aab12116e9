/**
 * `lambda-mcp init` as a new user meets it: the real binary creates a project from each
 * template outside the repository, the packed framework and CLI (what npm will serve once
 * published) are installed into it, and the project's own scripts run: `npm test`, the
 * typecheck, `lambda-mcp build`, then `lambda-mcp invoke --method tools/list` on the bundle;
 * then the tests and the invoke again on Node 22, the oldest supported major.
 * Slow (npm installs); one project per template, the templates in parallel.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packPackage } from '../../../scripts/pack-package.ts';
import { publicPackages, REPO_ROOT } from '../../../scripts/public-packages.ts';
import { installNode } from '../../../test/consumer/consumer-project.ts';
import { runChecked } from '../../../test/consumer/run-process.ts';
import { runBinary } from './run-binary.ts';

const versionOf = (dir: string) =>
  (JSON.parse(readFileSync(join(REPO_ROOT, 'packages', dir, 'package.json'), 'utf8')) as { version: string })
    .version;

// The project's npm scripts run `node` from PATH: make it this Node (24), as a user's would be.
process.env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH}`;

// Outside the repository, or Node would find lambda-mcp in the repository's node_modules.
const root = mkdtempSync(join(realpathSync(tmpdir()), 'lambda-mcp-init-'));
if (!relative(REPO_ROOT, root).startsWith('..')) throw new Error(`${root} is inside the repository`);
let tarballs: string[];
/** Node 22, the oldest supported major: each project's tests, bundle and invoke run on it too. */
let node22: string;
/** @lambda-mcp/openapi: a dependency of the projects the openapi template makes, a peer of the CLI. */
let openapiTarball: string;

// A hang (npm) fails the run instead of blocking it; no assertion depends on time.
const HANG_GUARD = { timeout: 600_000 };

before(async () => {
  const installing = installNode(root, 22);
  const dir = join(root, 'tarballs');
  mkdirSync(dir);
  // The CLI compiles against the declarations (dist/) of the workspace packages it names, so
  // those are built first, lambda-mcp before the others; its dependencies are packed and
  // installed with it (npm could not fetch them: they are not published yet), its optional
  // peers only built.
  const cli = join(REPO_ROOT, 'packages', 'cli');
  const manifest = JSON.parse(readFileSync(join(cli, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const workspace = new Map(publicPackages().map((pkg) => [pkg.name, pkg.dir]));
  const named = (record: Record<string, string> | undefined) =>
    Object.keys(record ?? {})
      .filter((name) => workspace.has(name))
      .sort((a, b) => Number(b === 'lambda-mcp') - Number(a === 'lambda-mcp'));
  tarballs = named(manifest.dependencies).map((name) => packPackage(workspace.get(name)!, dir));
  for (const name of named(manifest.peerDependencies)) {
    if (name === '@lambda-mcp/openapi') continue;
    const built = spawnSync('npm', ['run', 'build'], { cwd: workspace.get(name)!, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`the build of ${name} failed:\n${built.stdout}\n${built.stderr}`);
  }
  openapiTarball = packPackage(workspace.get('@lambda-mcp/openapi')!, dir);
  tarballs.push(packPackage(cli, dir));
  node22 = await installing;
}, HANG_GUARD);

after(() => rmSync(root, { recursive: true, force: true }));

// The openapi template's document: the tasks REST API's (examples/tasks-facade/openapi.json).
const TASKS_SPEC = join(REPO_ROOT, 'examples', 'tasks-facade', 'openapi.json');
const TEMPLATES: Record<string, { tools: string[]; options: string[]; tarballs: () => string[] }> = {
  weather: { tools: ['get_weather'], options: [], tarballs: () => [] },
  tasks: { tools: ['create_task', 'list_tasks', 'complete_task'], options: [], tarballs: () => [] },
  openapi: {
    tools: ['listTasks', 'createTask', 'getTask', 'deleteTask', 'updateTask', 'listProjects'],
    options: ['--spec', TASKS_SPEC, '--upstream', 'http://127.0.0.1:9'],
    tarballs: () => [openapiTarball],
  },
};

describe('lambda-mcp init, then the new project installed from the packed packages', {
  concurrency: 2,
}, () => {
  for (const [template, { tools, options, tarballs: extraTarballs }] of Object.entries(TEMPLATES)) {
    test(`the ${template} template tests, builds and answers tools/list`, HANG_GUARD, async (t) => {
      const started = performance.now();
      const dir = join(root, `${template}-app`);

      const init = await runBinary(['init', dir, '--template', template, ...options, '--no-install'], {
        cwd: root,
      });
      assert.equal(init.stderr, '');
      assert.equal(init.code, 0);
      assert.equal(
        init.stdout.split('\n')[0],
        `created ${template}-app from the ${template} template in ${dir}`,
      );
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      assert.equal(manifest.name, `${template}-app`);
      assert.equal(manifest.dependencies['lambda-mcp'], `^${versionOf('server')}`);
      assert.equal(manifest.devDependencies['@lambda-mcp/cli'], `^${versionOf('cli')}`);
      assert.ok(readdirSync(dir).includes('.gitignore'));
      assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), new RegExp(`^# ${template}-app\\n`));

      // The tarballs replace the registry for our two packages; everything else comes from npm.
      await runChecked(
        'npm',
        [
          'install',
          '--prefer-offline',
          '--no-audit',
          '--no-fund',
          '--loglevel=error',
          ...tarballs,
          ...extraTarballs(),
        ],
        dir,
      );
      const installed = performance.now();

      const tested = await runChecked('npm', ['test'], dir);
      assert.match(tested.stdout, /\nℹ pass 3\nℹ fail 0\n/);
      await runChecked('npm', ['run', 'typecheck'], dir);
      const built = await runChecked('npm', ['run', 'build'], dir);
      assert.match(built.stdout, /\nbuilt dist\/index\.mjs for nodejs24\.x arm64: /);

      const bin = join(dir, 'node_modules', '.bin', 'lambda-mcp');
      // On Node 24 (the project's scripts) and again on Node 22: its tests, and the bundle run
      // as Lambda would (invoke runs it in a child of the same Node).
      const onNode22 = await runChecked(node22, ['--test', '--test-reporter=spec', 'test/**/*.test.ts'], dir);
      assert.match(onNode22.stdout, /\nℹ pass 3\nℹ fail 0\n/);
      for (const node of [process.execPath, node22]) {
        const invoked = await runChecked(node, [bin, 'invoke', '--method', 'tools/list', '--json'], dir);
        const report = JSON.parse(invoked.stdout) as { response: { result: { tools: { name: string }[] } } };
        assert.deepEqual(
          report.response.result.tools.map((tool) => tool.name),
          tools,
        );
      }
      if (template === 'weather') {
        // The code-cache layout from the packed CLI: its recorder and loader ship in dist/.
        const cached = await runChecked(
          process.execPath,
          [bin, 'build', '--code-cache', '--out', 'dist-cached', '--json'],
          dir,
        );
        assert.deepEqual(JSON.parse(cached.stdout).codeCache.training, [200, 400, 200]);
        const invoked = await runChecked(
          process.execPath,
          [bin, 'invoke', 'dist-cached/index.mjs', '--method', 'tools/list', '--json'],
          dir,
        );
        const report = JSON.parse(invoked.stdout) as {
          response: { result: { tools: { name: string }[] } };
          logs: string[];
        };
        assert.deepEqual(
          report.response.result.tools.map((tool) => tool.name),
          tools,
        );
        assert.doesNotMatch(report.logs.join('\n'), /code cache is not used/);
        const refused = spawnSync(node22, [bin, 'build', '--code-cache', '--out', 'dist-22'], {
          cwd: dir,
          encoding: 'utf8',
        });
        assert.equal(refused.status, 2);
        assert.match(
          refused.stderr,
          /^lambda-mcp build: --code-cache records V8's compiled code for the Node that runs the build \(v22\.[\d.]+\); nodejs24\.x runs Node 24: build with Node 24, ideally the runtime's exact release\n$/,
        );
      }
      t.diagnostic(
        `init + install ${Math.round(installed - started)} ms, test + typecheck + build + invoke ${Math.round(performance.now() - installed)} ms`,
      );
    });
  }
});
