import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { type AuthInfo, lifespan, silentLogger } from 'lambda-mcp';
import { type RunningServer, serve } from 'lambda-mcp/node';
import { type PostgresCluster, startPostgresCluster } from '../../tasks/test/postgres-cluster.ts';
import { type MessageDatabase, openMessageDatabase } from '../src/database.ts';
import { createMessagesServer } from '../src/server.ts';

interface Harness {
  running: RunningServer;
  opened: () => number;
  dispose: () => Promise<void>;
  call(name: string, args: Record<string, unknown>, subject?: string): Promise<Record<string, unknown>>;
  callRaw(name: string, args: Record<string, unknown>): Promise<{ isError?: boolean; content: unknown[] }>;
}

/** The server over a lifespan that counts how often the database is opened. */
async function startHarness(open: () => Promise<MessageDatabase>): Promise<Harness> {
  let opened = 0;
  const db = lifespan(
    () => {
      opened++;
      return open();
    },
    { dispose: (database) => database.close() },
  );
  const running = await serve(createMessagesServer({ db, logger: silentLogger }), {
    port: 0,
    handleSignals: false,
    // Stands in for the OIDC layer that will sit in front: the identity arrives on ctx.auth.
    authenticate: (exchange): AuthInfo | undefined => {
      const subject = exchange.headers['x-test-subject'];
      return subject ? { subject, scopes: [], claims: {} } : undefined;
    },
  });
  const clients: Client[] = [];
  const connect = async (subject?: string) => {
    const client = new Client(
      { name: 'messages-test', version: '1.0.0' },
      { versionNegotiation: { mode: 'auto' } },
    );
    const headers: Record<string, string> = subject ? { 'x-test-subject': subject } : {};
    await client.connect(
      new StreamableHTTPClientTransport(new URL(running.url), { requestInit: { headers } }),
    );
    clients.push(client);
    return client;
  };
  return {
    running,
    opened: () => opened,
    async dispose() {
      await Promise.all(clients.map((c) => c.close()));
      await running.close();
      await db.dispose();
    },
    async call(name, args, subject) {
      const result = await (await connect(subject)).callTool({ name, arguments: args });
      assert.notEqual(result.isError, true, JSON.stringify(result.content));
      return result.structuredContent as Record<string, unknown>;
    },
    async callRaw(name, args) {
      return (await (await connect()).callTool({ name, arguments: args })) as {
        isError?: boolean;
        content: unknown[];
      };
    },
  };
}

function messageBoardTests(harness: () => Harness): void {
  it('stamps the author from ctx.auth.subject, or anonymous without auth', async () => {
    const signed = await harness().call(
      'post_message',
      { text: 'Deploy at 5', channel: 'ops' },
      'alice@example.com',
    );
    const anon = await harness().call('post_message', { text: 'Who broke the build?', channel: 'ops' });
    assert.deepEqual([signed.author, anon.author], ['alice@example.com', 'anonymous']);
    const { messages } = await harness().call('get_messages', { channel: 'ops' });
    assert.deepEqual(
      (messages as { author: string; text: string }[]).map((m) => [m.author, m.text]),
      [
        ['anonymous', 'Who broke the build?'],
        ['alice@example.com', 'Deploy at 5'],
      ],
    );
  });

  it('pages older messages with before_id and keeps channels apart', async () => {
    for (let i = 1; i <= 5; i++)
      await harness().call('post_message', { text: `note ${i}`, channel: 'paging' });
    await harness().call('post_message', { text: 'elsewhere' });
    const first = (await harness().call('get_messages', { channel: 'paging', limit: 2 })).messages as {
      id: number;
      text: string;
    }[];
    assert.deepEqual(
      first.map((m) => m.text),
      ['note 5', 'note 4'],
    );
    const older = (
      await harness().call('get_messages', { channel: 'paging', limit: 10, before_id: first[1]!.id })
    ).messages as { text: string }[];
    assert.deepEqual(
      older.map((m) => m.text),
      ['note 3', 'note 2', 'note 1'],
    );
  });

  it('opens the database once for the whole execution environment', () => {
    assert.equal(harness().opened(), 1);
  });

  it('rejects an empty message and a bad channel name with the field named', async () => {
    const empty = await harness().callRaw('post_message', { text: '  ' });
    assert.deepEqual(
      [empty.isError, empty.content],
      [
        true,
        [
          {
            type: 'text',
            text: 'VALIDATION_ERROR: Invalid arguments for tool post_message: text: must not be empty',
          },
        ],
      ],
    );
    const channel = await harness().callRaw('get_messages', { channel: 'Not A Channel' });
    assert.deepEqual(channel.content, [
      {
        type: 'text',
        text: 'VALIDATION_ERROR: Invalid arguments for tool get_messages: channel: must be 1-50 lowercase letters, digits, "-" or "_"',
      },
    ]);
  });
}

describe('messages server on PGlite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'messages-pglite-'));
  let harness: Harness;
  before(async () => {
    harness = await startHarness(() => openMessageDatabase({ dataDir }));
  });
  after(async () => {
    await harness?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });
  messageBoardTests(() => harness);
});

describe('messages server on a real Postgres server', () => {
  let cluster: PostgresCluster;
  let harness: Harness;
  before(async () => {
    cluster = await startPostgresCluster();
    harness = await startHarness(() => openMessageDatabase({ databaseUrl: cluster.url, dataDir: 'unused' }));
  });
  after(async () => {
    await harness?.dispose();
    await cluster?.destroy();
  });
  messageBoardTests(() => harness);
});
