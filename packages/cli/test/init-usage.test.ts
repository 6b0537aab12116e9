import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { runBinary } from './run-binary.ts';

const TEMPLATES = join(import.meta.dirname, '..', 'templates');
const CREATE_MAIN = join(import.meta.dirname, '..', '..', 'create-lambda-mcp', 'src', 'main.ts');
const root = mkdtempSync(join(tmpdir(), 'lambda-mcp-init-usage-'));
after(() => rmSync(root, { recursive: true, force: true }));

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

  const occupied = join(root, 'occupied');
  mkdirSync(occupied, { recursive: true });
  writeFileSync(join(occupied, 'notes.txt'), 'mine\n');
  const BAD: { args: string[]; stderr: string }[] = [
    {
      args: ['init', 'occupied', '--no-install'],
      stderr:
        'lambda-mcp init: occupied is not empty. Name a new or empty directory: lambda-mcp init my-server\n',
    },
    {
      args: ['init', 'occupied/notes.txt'],
      stderr: 'lambda-mcp init: occupied/notes.txt is a file. Name a new or empty directory.\n',
    },
    {
      args: ['init', 'fresh', '--template', 'todo'],
      stderr: 'lambda-mcp init: unknown template "todo": use --template weather or tasks\n',
    },
    {
      args: ['init', 'fresh', '--template'],
      stderr:
        'lambda-mcp init: option --template needs a value. Run lambda-mcp init --help for its options.\n',
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
