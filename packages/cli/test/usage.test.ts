import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runBinary } from './run-binary.ts';

describe('lambda-mcp usage', () => {
  test('--help lists every command and exits 0', async () => {
    const run = await runBinary(['--help']);

    assert.equal(run.code, 0);
    for (const command of ['dev', 'build', 'invoke', 'call'])
      assert.match(run.stdout, new RegExp(`\\n  ${command} `));
    assert.equal(run.stderr, '');
  });

  test('no command prints the help on stderr and exits 2', async () => {
    const run = await runBinary([]);

    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^lambda-mcp 0\.1\.0: /);
  });

  test("help <command> prints that command's usage, as <command> --help does", async () => {
    const [help, flag] = await Promise.all([runBinary(['help', 'call']), runBinary(['call', '--help'])]);

    assert.equal(help.code, 0);
    assert.equal(help.stdout, flag.stdout);
    assert.match(help.stdout, /^Usage: lambda-mcp call /);
  });

  test('help <something that is not a command> prints one line and exits 2', async () => {
    const run = await runBinary(['help', 'biuld']);

    assert.equal(
      run.stderr,
      'lambda-mcp: unknown command "biuld". Run lambda-mcp --help to see the commands.\n',
    );
    assert.equal(run.stdout, '');
    assert.equal(run.code, 2);
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };

    const run = await runBinary(['--version']);

    assert.equal(run.code, 0);
    assert.equal(run.stdout, `${pkg.version}\n`);
  });

  for (const command of ['dev', 'build', 'invoke', 'call']) {
    test(`${command} --help prints its usage and exits 0`, async () => {
      const run = await runBinary([command, '--help']);

      assert.equal(run.code, 0);
      assert.match(run.stdout, new RegExp(`^Usage: lambda-mcp ${command} `));
    });
  }

  const BAD: { args: string[]; stderr: string }[] = [
    {
      args: ['biuld'],
      stderr: 'lambda-mcp: unknown command "biuld". Run lambda-mcp --help to see the commands.\n',
    },
    {
      args: ['--verbose'],
      stderr: 'lambda-mcp: unknown option --verbose. Run lambda-mcp --help to see the commands.\n',
    },
    {
      args: ['build', '--minify'],
      stderr: 'lambda-mcp build: unknown option --minify. Run lambda-mcp build --help for its options.\n',
    },
    {
      args: ['build', 'src/handler.ts', '--out'],
      stderr: 'lambda-mcp build: option --out needs a value. Run lambda-mcp build --help for its options.\n',
    },
    {
      // A base64url token can start with a dash: it was "needs a value", though one was given.
      args: ['call', 'http://127.0.0.1:9/mcp', '--token', '-Xk3v'],
      stderr:
        'lambda-mcp call: option --token needs a value; if "-Xk3v" is it, write --token=-Xk3v. Run lambda-mcp call --help for its options.\n',
    },
    {
      args: ['call', '--json=yes'],
      stderr: 'lambda-mcp call: option --json takes no value. Run lambda-mcp call --help for its options.\n',
    },
    {
      args: ['call', 'http://127.0.0.1:9/mcp', 'tool', 'extra'],
      stderr: 'lambda-mcp call: unexpected argument "extra". Run lambda-mcp call --help for its usage.\n',
    },
  ];
  for (const { args, stderr } of BAD) {
    test(`lambda-mcp ${args.join(' ')} prints one line and exits 2`, async () => {
      const run = await runBinary(args);

      assert.equal(run.stderr, stderr);
      assert.equal(run.stdout, '');
      assert.equal(run.code, 2);
    });
  }
});
