// mcp-remote (the stdio-to-HTTP bridge desktop clients use) signs in to the messages server
// headlessly: its browser opener runs xdg-open, which honours BROWSER, here a script that
// follows the redirects, submits oidc-provider's login and consent forms and opens
// mcp-remote's loopback callback. The official client drives mcp-remote over stdio.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { freePort } from '../../../packages/server/src/limits/dynamodb-local.fixture.ts';
import { type SignedInBoard, startSignedInBoard } from './oauth-harness.ts';

const MCP_REMOTE = fileURLToPath(import.meta.resolve('mcp-remote/dist/proxy.js'));
const BROWSER_SCRIPT = fileURLToPath(new URL('./scripted-browser.ts', import.meta.url));

let board: SignedInBoard;
before(async () => {
  board = await startSignedInBoard();
});
after(() => board?.stop());

test('mcp-remote registers, signs in through BROWSER, and posts as the token email', async () => {
  // BROWSER names a program that xdg-open runs with the URL as its only argument.
  const browser = join(board.scratch, 'browser.sh');
  // xdg-open runs the browser detached: its output goes to a file the failure message shows.
  const browserLog = join(board.scratch, 'browser.log');
  writeFileSync(
    browser,
    `#!/bin/sh\nexec "${process.execPath}" "${BROWSER_SCRIPT}" "$1" >>"${browserLog}" 2>&1\n`,
  );
  chmodSync(browser, 0o755);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      MCP_REMOTE,
      board.mcpUrl,
      String(await freePort()),
      '--host',
      '127.0.0.1',
      '--transport',
      'http-only',
    ],
    // Only what it needs: no DISPLAY (so xdg-open falls back to BROWSER), tokens in the scratch dir.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: board.scratch,
      MCP_REMOTE_CONFIG_DIR: join(board.scratch, 'mcp-auth'),
      BROWSER: browser,
      SCRIPTED_BROWSER_LOGIN: 'carol',
    },
    stderr: 'pipe',
  });
  let log = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  const client = new Client({ name: 'messages-mcp-remote-test', version: '1.0.0' });
  try {
    await client.connect(transport);
    const posted = await client.callTool({
      name: 'post_message',
      arguments: { text: 'Through mcp-remote', channel: 'bridge' },
    });
    assert.equal(posted.isError, undefined, log);
    assert.equal((posted.structuredContent as { author: string }).author, 'carol@example.com');
    // The code came through the authorization-code flow in the scripted browser, not a fallback.
    assert.match(log, /Browser opened automatically/);
  } catch (error) {
    const browserOutput = existsSync(browserLog)
      ? readFileSync(browserLog, 'utf8')
      : '(the browser never ran)';
    throw new Error(`mcp-remote failed; its log:\n${log}\nthe scripted browser's output:\n${browserOutput}`, {
      cause: error,
    });
  } finally {
    await client.close();
  }
});
