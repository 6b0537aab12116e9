// `lambda-mcp proxy` signs in to an OAuth-protected lambda-mcp server: a 401 naming
// protected-resource metadata, the authorization server (oidc-provider on loopback) found from
// it, a client registered (dynamically, or named by a client ID metadata document), the
// authorization code + PKCE through the browser (scripted, as examples/messages does: the
// proxy runs $LAMBDA_MCP_BROWSER), tokens cached per issuer and server in a 0600 file, reused
// by the next run and refreshed when the access token no longer works.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createServer } from 'lambda-mcp';
import { oauthResourceServer } from 'lambda-mcp/auth';
import { type RunningServer, serve } from 'lambda-mcp/node';
import { startTestIssuer, type TestIssuer } from '../../server/src/auth/oauth/oidc-provider.fixture.ts';
import { freePort } from '../../server/src/limits/dynamodb-local.fixture.ts';
import { connect1x, INITIALIZE, proxyEnv } from './fixtures/proxy-clients.ts';
import { MAIN } from './run-binary.ts';

const SCOPE = 'proxy:use';
const CLIENT_METADATA_URL = 'https://client.example.test/oauth/lambda-mcp-proxy.json';
const BROWSER_SCRIPT = fileURLToPath(
  new URL('../../../examples/messages/test/scripted-browser.ts', import.meta.url),
);
/** The browser step: follows the redirects, signs in as $SCRIPTED_BROWSER_LOGIN, opens the callback. */
const BROWSER = `"${process.execPath}" "${BROWSER_SCRIPT}"`;

interface CredentialFile {
  issuers: Record<string, { client?: { client_id: string } }>;
  servers: Record<
    string,
    { issuer: string; redirectUri?: string; tokens?: { access_token: string; refresh_token?: string } }
  >;
}

const readCredentials = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'oauth-credentials.json'), 'utf8')) as CredentialFile;

const SIGN_IN_LINE =
  /^lambda-mcp proxy: sign in to http:\/\/127\.0\.0\.1:\d+ in your browser: http:\/\/127\.0\.0\.1:\d+\/auth\?\S+$/m;

describe('lambda-mcp proxy signs in with OAuth', () => {
  let issuer: TestIssuer;
  let mcp: RunningServer;
  /** A second server trusting the same issuer; the Authorization headers each server received. */
  let other: RunningServer;
  const mcpSaw: string[] = [];
  const otherSaw: string[] = [];
  let metadataServer: Server;
  let metadataRedirectPort: number;
  const configDir = mkdtempSync(join(tmpdir(), 'lambda-mcp-proxy-oauth-'));

  before(async () => {
    metadataRedirectPort = await freePort();
    metadataServer = await serveClientMetadata(`http://127.0.0.1:${metadataRedirectPort}/callback`);
    const metadataOrigin = `http://127.0.0.1:${(metadataServer.address() as { port: number }).port}`;
    issuer = await startTestIssuer({
      scopes: [SCOPE],
      interactive: true,
      fetchClientMetadata: (url, init) => fetch(`${metadataOrigin}${new URL(url).pathname}`, init),
    });
    const port = await freePort();
    const resource = `http://127.0.0.1:${port}/mcp`;
    const server = createServer({ name: 'test/signed-in', version: '1.0.0' });
    server.tool('whoami', { description: 'The email of the signed-in caller.' }, (_i, ctx) =>
      String(ctx.auth?.claims.email),
    );
    mcp = await serve(server, {
      port,
      host: '127.0.0.1',
      handleSignals: false,
      auth: oauthResourceServer({ issuer: issuer.issuer, resource, scopesSupported: [SCOPE] }),
    });
    const otherPort = await freePort();
    other = await serve(server, {
      port: otherPort,
      host: '127.0.0.1',
      handleSignals: false,
      auth: oauthResourceServer({
        issuer: issuer.issuer,
        resource: `http://127.0.0.1:${otherPort}/mcp`,
        scopesSupported: [SCOPE],
      }),
    });
    mcp.httpServer.prependListener('request', (request) => {
      if (request.headers.authorization) mcpSaw.push(request.headers.authorization);
    });
    other.httpServer.prependListener('request', (request) => {
      if (request.headers.authorization) otherSaw.push(request.headers.authorization);
    });
  });
  after(async () => {
    mcp.httpServer.closeAllConnections();
    other.httpServer.closeAllConnections();
    metadataServer.closeAllConnections();
    metadataServer.close();
    await Promise.all([mcp.close(), other.close(), issuer.stop()]);
  });

  const whoami = async (args: string[], env: Record<string, string>, url = mcp.url) => {
    const { client, stderr, close } = await connect1x([url, ...args], { env });
    try {
      const result = await client.callTool({ name: 'whoami', arguments: {} });
      return { email: (result.content as { text: string }[])[0]?.text, stderr: stderr() };
    } finally {
      await close();
    }
  };

  test('registers dynamically, signs in through the browser, and calls as the signed-in user', async () => {
    const run = await whoami([], {
      LAMBDA_MCP_CONFIG_DIR: configDir,
      LAMBDA_MCP_BROWSER: BROWSER,
      SCRIPTED_BROWSER_LOGIN: 'alice',
    });

    assert.equal(run.email, 'alice@example.com');
    assert.match(run.stderr, SIGN_IN_LINE);
    const credentials = readCredentials(configDir);
    assert.equal(credentials.servers[mcp.url]?.issuer, issuer.issuer);
    assert.notEqual(credentials.issuers[issuer.issuer]?.client?.client_id, CLIENT_METADATA_URL);
    assert.ok(credentials.servers[mcp.url]?.tokens?.access_token);
    // Only the user may read the tokens.
    assert.equal(statSync(join(configDir, 'oauth-credentials.json')).mode & 0o777, 0o600);
  });

  test('the next run uses the cached token: no browser', async () => {
    const run = await whoami([], {
      LAMBDA_MCP_CONFIG_DIR: configDir,
      LAMBDA_MCP_BROWSER: BROWSER,
      SCRIPTED_BROWSER_LOGIN: 'mallory',
    });

    assert.equal(run.email, 'alice@example.com');
    assert.doesNotMatch(run.stderr, SIGN_IN_LINE);
  });

  test('an access token the server refuses is refreshed with the refresh token: no browser', async () => {
    const file = join(configDir, 'oauth-credentials.json');
    const credentials = readCredentials(configDir);
    const tokens = credentials.servers[mcp.url]?.tokens;
    assert.ok(tokens?.refresh_token, 'a refresh token was issued');
    tokens.access_token = 'revoked-or-expired';
    writeFileSync(file, JSON.stringify(credentials));

    const run = await whoami([], {
      LAMBDA_MCP_CONFIG_DIR: configDir,
      LAMBDA_MCP_BROWSER: BROWSER,
      SCRIPTED_BROWSER_LOGIN: 'mallory',
    });

    assert.equal(run.email, 'alice@example.com');
    assert.doesNotMatch(run.stderr, SIGN_IN_LINE);
    assert.notEqual(readCredentials(configDir).servers[mcp.url]?.tokens?.access_token, 'revoked-or-expired');
  });

  test("another server of the same issuer gets its own sign-in: the first server's token never reaches it", async () => {
    const env = { LAMBDA_MCP_CONFIG_DIR: configDir, LAMBDA_MCP_BROWSER: BROWSER };

    const run = await whoami([], { ...env, SCRIPTED_BROWSER_LOGIN: 'bob' }, other.url);
    // And the first server still gets its own token, from its own cache.
    const again = await whoami([], { ...env, SCRIPTED_BROWSER_LOGIN: 'mallory' });

    assert.equal(run.email, 'bob@example.com');
    assert.match(run.stderr, SIGN_IN_LINE);
    assert.equal(again.email, 'alice@example.com');
    assert.doesNotMatch(again.stderr, SIGN_IN_LINE);
    assert.ok(otherSaw.length > 0);
    assert.deepEqual(
      otherSaw.filter((authorization) => mcpSaw.includes(authorization)),
      [],
    );
  });

  test('a client that leaves during the sign-in ends it: one error line, exit 1', async () => {
    // A browser that never comes back; the client closes stdin once the proxy asked for it.
    const child = spawn(process.execPath, [MAIN, 'proxy', mcp.url], {
      env: proxyEnv({ LAMBDA_MCP_BROWSER: 'true' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    const asked = new Promise<void>((resolve) =>
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        if (SIGN_IN_LINE.test(stderr)) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.write(`${JSON.stringify(INITIALIZE)}\n`);
    await asked;
    child.stdin.end();

    assert.equal(await exited, 1);
    const lines = stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(
      lines[1],
      `lambda-mcp proxy: signing in to ${mcp.url} failed: the client closed the connection before the sign-in finished`,
    );
  });

  test('identifies itself with a client ID metadata document where the server supports one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambda-mcp-proxy-cimd-'));

    const run = await whoami(
      ['--client-metadata-url', CLIENT_METADATA_URL, '--callback-port', String(metadataRedirectPort)],
      { LAMBDA_MCP_CONFIG_DIR: dir, LAMBDA_MCP_BROWSER: BROWSER, SCRIPTED_BROWSER_LOGIN: 'bob' },
    );

    assert.equal(run.email, 'bob@example.com');
    assert.equal(readCredentials(dir).issuers[issuer.issuer]?.client?.client_id, CLIENT_METADATA_URL);
  });
});

/** The client's website, on loopback: the metadata document naming the proxy's loopback redirect. */
async function serveClientMetadata(redirectUri: string): Promise<Server> {
  const document = JSON.stringify({
    client_id: CLIENT_METADATA_URL,
    client_name: 'lambda-mcp proxy',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  });
  const server = createHttpServer((request, response) => {
    if (request.url !== new URL(CLIENT_METADATA_URL).pathname) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(document);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
