/**
 * The messages server as `npm start -w examples/messages` runs it, with `OIDC_ISSUER` set
 * to a real authorization server (oidc-provider) on loopback, and a loopback origin that
 * serves a client ID metadata document. Everything stops, and every temp dir goes, in `stop`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  startTestIssuer,
  type TestIssuer,
} from '../../../packages/server/src/auth/oauth/oidc-provider.fixture.ts';
import { freePort } from '../../../packages/server/src/limits/dynamodb-local.fixture.ts';

export const READ_SCOPE = 'messages:read';
export const WRITE_SCOPE = 'messages:write';
/** The client id of the metadata document: https as the draft requires; fetched from loopback. */
export const CLIENT_METADATA_URL = 'https://client.example.test/oauth/client.json';

export interface SignedInBoard {
  issuer: TestIssuer;
  /** The MCP URL, which is also the audience tokens must name. */
  mcpUrl: string;
  /** A scratch directory removed by `stop`. */
  scratch: string;
  /** The loopback redirect URI the client metadata document names. */
  metadataRedirectUri: string;
  stop(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

export async function startSignedInBoard(): Promise<SignedInBoard> {
  const scratch = mkdtempSync(join(tmpdir(), 'messages-oauth-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(scratch, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const metadataRedirectUri = `http://127.0.0.1:${await freePort()}/callback`;
    const metadataServer = await serveClientMetadata(metadataRedirectUri);
    cleanups.push(() => closeServer(metadataServer));
    const metadataOrigin = `http://127.0.0.1:${(metadataServer.address() as { port: number }).port}`;
    const issuer = await startTestIssuer({
      scopes: [READ_SCOPE, WRITE_SCOPE],
      interactive: true,
      // Only the metadata document's host is answered, from loopback; nothing else is fetched.
      fetchClientMetadata: (url, init) => {
        const target = new URL(url);
        if (target.origin !== new URL(CLIENT_METADATA_URL).origin) throw new Error(`unexpected fetch ${url}`);
        return fetch(`${metadataOrigin}${target.pathname}`, init);
      },
    });
    cleanups.push(() => issuer.stop());
    const port = await freePort();
    const child = spawn(process.execPath, ['--conditions=@lambda-mcp/source', MAIN], {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        OIDC_ISSUER: issuer.issuer,
        MESSAGES_READ_SCOPE: READ_SCOPE,
        MESSAGES_WRITE_SCOPE: WRITE_SCOPE,
        MESSAGES_DATA_DIR: join(scratch, 'pglite'),
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => stopChild(child));
    const mcpUrl = await listening(child);
    return { issuer, mcpUrl, scratch, metadataRedirectUri, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves with the URL the server prints once it listens; rejects with its output if it exits. */
function listening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /messages MCP server on (\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`messages server exited ${code}: ${output}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A loopback origin serving the client ID metadata document (as the client's website would). */
async function serveClientMetadata(redirectUri: string): Promise<Server> {
  const document = JSON.stringify({
    client_id: CLIENT_METADATA_URL,
    client_name: 'messages end-to-end test',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  });
  const server = createServer((request, response) => {
    if (request.url !== new URL(CLIENT_METADATA_URL).pathname) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(document);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
