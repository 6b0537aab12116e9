// `npm start` with a configuration it cannot run with: one line on stderr naming what to
// fix and exit code 1, before listening; never a stack trace, never a server that 503s.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../packages/server/src/limits/dynamodb-local.fixture.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'messages-startup-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs main.ts with `env`; resolves with its exit code and output (killed after 10 s). */
function start(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--conditions=@lambda-mcp/source', MAIN], {
    env: { PATH: process.env.PATH, MESSAGES_DATA_DIR: join(scratch, 'pglite'), LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return new Promise((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('messages server startup errors', () => {
  test('OIDC_ISSUER that is not a URL', async () => {
    const result = await start({ PORT: String(await freePort()), OIDC_ISSUER: 'id.example.com' });
    assert.deepEqual(result, {
      code: 1,
      stdout: '',
      stderr:
        'messages: OIDC_ISSUER=id.example.com is not an http(s) URL: set it to the issuer URL its tokens carry in iss, e.g. https://id.example.com\n',
    });
  });

  test('an issuer that cannot be reached', async () => {
    const issuer = `http://127.0.0.1:${await freePort()}`;
    const result = await start({ PORT: String(await freePort()), OIDC_ISSUER: issuer });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(
      result.stderr,
      new RegExp(
        `^messages: cannot load the keys of OIDC_ISSUER=${issuer}: Could not discover the metadata of issuer ${issuer}: .*fetch failed\\n$`,
      ),
    );
  });

  test('PORT that is not a port number', async () => {
    const result = await start({ PORT: 'abc' });
    assert.deepEqual(result, {
      code: 1,
      stdout: '',
      stderr: 'messages: PORT=abc is not a port number (0-65535)\n',
    });
  });

  test('sign-in on a random port (PORT=0) without MCP_RESOURCE_URL', async () => {
    const result = await start({ PORT: '0', OIDC_ISSUER: 'https://id.example.com' });
    assert.deepEqual(result, {
      code: 1,
      stdout: '',
      stderr:
        'messages: Sign-in is configured but the server does not know its own URL: set MCP_RESOURCE_URL to the URL clients use, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/mcp\n',
    });
  });
});
