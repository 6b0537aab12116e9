import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';

const MAIN = new URL('../src/main.ts', import.meta.url).pathname;

/** Runs `npm start`'s entry until its banner is printed; returns everything it wrote. */
async function startBanner(env: Record<string, string>): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasks-banner-'));
  const child = spawn(process.execPath, [...process.execArgv, MAIN], {
    env: { ...process.env, PORT: '0', TASKS_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('Ctrl+C to stop.')) resolve();
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.on('exit', (code) =>
        reject(new Error(`main.ts exited with ${code} before its banner:\n${output}`)),
      );
    });
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
  return output;
}

it('prints no credential of DATABASE_URL at start: userinfo, password, sslpassword and sslkey', async () => {
  // Port 1 on loopback refuses at once: the banner then shows the URL "not reachable yet".
  const output = await startBanner({
    DATABASE_URL:
      'postgres://app:userinfo-secret@127.0.0.1:1/tasks?password=query-secret&sslpassword=ssl-secret&sslkey=/keys/client.pem&application_name=tasks',
  });
  assert.match(
    output,
    /Database: postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/tasks\?password=\*\*\*&sslpassword=\*\*\*&sslkey=\*\*\*&application_name=tasks \(not reachable yet\)/,
  );
  // The key file's path may still appear in pg's "no such file" log line: it names what is missing.
  assert.doesNotMatch(output, /secret/);
});

// Port 1 on loopback again: no database opens, so these cost only a process start.
const UNREACHABLE = 'postgres://app@127.0.0.1:1/tasks';

it('stays open on loopback without configuration, and says how to require keys', async () => {
  const output = await startBanner({ DATABASE_URL: UNREACHABLE, TASKS_API_KEYS: '' });
  assert.match(
    output,
    /\nAccess: open, no key needed \(loopback only\)\. TASKS_API_KEYS=required to require API keys\.\n/,
  );
  assert.match(output, /claude mcp add --transport http tasks http:\/\/127\.0\.0\.1:\d+\/mcp\n/);
});

it('requires API keys with TASKS_API_KEYS=required and shows the header a client must send', async () => {
  const output = await startBanner({ DATABASE_URL: UNREACHABLE, TASKS_API_KEYS: 'required' });
  assert.match(
    output,
    /\nAccess: API keys required \(x-api-key header\)\. Make one: npm run keys -w examples\/tasks -- create --tenant <name> --scopes tasks:read,tasks:write\n/,
  );
  assert.match(
    output,
    /claude mcp add --transport http tasks http:\/\/127\.0\.0\.1:\d+\/mcp --header "x-api-key: <your key>"\n/,
  );
  assert.match(output, /"headers": \{\n\s+"x-api-key": "<your key>"\n/);
});
