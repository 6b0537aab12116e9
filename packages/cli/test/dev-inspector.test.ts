// `lambda-mcp dev --inspector` starts the MCP Inspector through npx, which needs the registry
// and a browser: the argument handling is tested here; the Inspector itself was tried by hand
// (2.12.0: its web UI and `--cli --server-url <dev URL> --transport http --method tools/list`).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runBinary } from './run-binary.ts';

describe('lambda-mcp dev --inspector', () => {
  test('--help documents it', async () => {
    const run = await runBinary(['dev', '--help']);

    assert.equal(run.code, 0);
    assert.match(
      run.stdout,
      /\n {2}--inspector {5}also start the official MCP Inspector \(npx @modelcontextprotocol\/inspector\)\n/,
    );
  });

  test('takes no value', async () => {
    const run = await runBinary(['dev', '--inspector=yes']);

    assert.equal(
      run.stderr,
      'lambda-mcp dev: option --inspector takes no value. Run lambda-mcp dev --help for its options.\n',
    );
    assert.equal(run.code, 2);
  });

  test('a missing entry is reported before anything starts', async () => {
    const run = await runBinary(['dev', 'nowhere.ts', '--inspector']);

    assert.equal(
      run.stderr,
      'lambda-mcp dev: nowhere.ts does not exist. Name the module that exports the server.\n',
    );
    assert.equal(run.stdout, '');
    assert.equal(run.code, 2);
  });
});
