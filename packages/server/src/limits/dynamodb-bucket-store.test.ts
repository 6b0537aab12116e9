import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createInterface, type Interface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoClientLike } from '../auth/dynamodb-types.ts';
import { bucketTableDefinition, dynamoBucketStore } from './dynamodb-bucket-store.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.fixture.ts';
import { createRateLimiter, type RateLimitRule } from './rate-limiter.ts';

let local: DynamoDbLocal;
before(async () => {
  local = await startDynamoDbLocal();
});
after(() => local.stop());

let tables = 0;
async function table(): Promise<string> {
  const tableName = `buckets-${++tables}`;
  await local.client.send(new CreateTableCommand(bucketTableDefinition(tableName)));
  return tableName;
}

const rule: RateLimitRule = { by: 'key', tool: 'create_task', rate: 10, per: '1s', burst: 20 };
const auth = { subject: 'u', scopes: [], claims: { key_id: 'k1' } };

test('one process: burst, refusal with retry time, refill on a fake clock, TTL attribute', async () => {
  const tableName = await table();
  let now = 1_700_000_000_000;
  const limiter = createRateLimiter({
    rules: [rule],
    store: dynamoBucketStore({ tableName, client: local.client }),
    now: () => now,
  });
  let admitted = 0;
  for (let i = 0; i < 25; i++) if ((await limiter.check({ auth, tool: 'create_task' })).allowed) admitted++;
  assert.equal(admitted, 20);
  const refusal = await limiter.check({ auth, tool: 'create_task' });
  assert.equal(refusal.allowed === false && refusal.retryAfterMs, 100);
  const { Item } = await local.client.send(
    new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'key:create_task:10/1000:20|key:k1' } } }),
  );
  assert.deepEqual(Item, {
    pk: { S: 'key:create_task:10/1000:20|key:k1' },
    tokens: { N: '0' },
    updatedAt: { N: '1700000000000' },
    version: { N: '20' },
    // Full again 2 s later, plus a minute of slack, in epoch seconds.
    expiresAt: { N: '1700000062' },
  });
  now += 500;
  admitted = 0;
  for (let i = 0; i < 25; i++) if ((await limiter.check({ auth, tool: 'create_task' })).allowed) admitted++;
  assert.equal(admitted, 5);
});

test('bucket names DynamoDB cannot keep as keys (a long tool name, lone surrogates) get their own digest keys', async () => {
  const tableName = await table();
  const limiter = createRateLimiter({
    rules: [
      { by: 'key', tool: '*', rate: 1, per: '1h' },
      { by: 'subject', tool: 'whoami', rate: 1, per: '1h' },
    ],
    store: dynamoBucketStore({ tableName, client: local.client }),
    now: () => 1_700_000_000_000,
  });
  // tools/call's name comes from the request: 3000 bytes is over DynamoDB's 2048-byte key limit.
  const long = 'x'.repeat(3000);
  assert.deepEqual(await limiter.check({ auth, tool: long }), { allowed: true });
  const refused = await limiter.check({ auth, tool: long });
  assert.equal(refused.allowed, false);
  // Two subjects that differ only in a lone surrogate are two buckets, not one.
  const who = (subject: string) => ({ subject, scopes: [], claims: {} });
  assert.deepEqual(await limiter.check({ auth: who('user\ud800'), tool: 'whoami' }), { allowed: true });
  assert.deepEqual(await limiter.check({ auth: who('user\ud801'), tool: 'whoami' }), { allowed: true });
  assert.equal((await limiter.check({ auth: who('user\ud800'), tool: 'whoami' })).allowed, false);
  const digest = (name: string) =>
    `sha256:${createHash('sha256').update(JSON.stringify(name)).digest('hex')}`;
  const { Items } = await local.client.send(new ScanCommand({ TableName: tableName }));
  assert.deepEqual(
    Items?.map((item) => item.pk?.S).sort(),
    [
      digest(`key:*:1/3600000:1|${long}|key:k1`),
      // The '*' rule applies to whoami too; without a key id these callers are keyed by subject.
      digest('key:*:1/3600000:1|whoami|sub:user\ud800'),
      digest('key:*:1/3600000:1|whoami|sub:user\ud801'),
      digest('subject:whoami:1/3600000:1|sub:user\ud800'),
      digest('subject:whoami:1/3600000:1|sub:user\ud801'),
    ].sort(),
  );
});

/**
 * A client whose errors come from another copy of @aws-sdk/client-dynamodb (the
 * application's own, when npm nested a second one under lambda-mcp): same name and
 * fields, another class. `beforePut` runs once, before the first PutItem is sent.
 */
function clientOfAnotherSdkCopy(beforePut?: () => Promise<unknown>): DynamoClientLike {
  class ConditionalCheckFailedException extends Error {
    override name = 'ConditionalCheckFailedException';
    Item: unknown;
  }
  let raced = false;
  return {
    async send(command) {
      if (command instanceof PutItemCommand && !raced) {
        raced = true;
        await beforePut?.();
      }
      try {
        return await local.client.send(command as GetItemCommand);
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
        throw Object.assign(new ConditionalCheckFailedException(error.message), {
          Item: (error as { Item?: unknown }).Item,
        });
      }
    },
  };
}

test('a lost race is retried when the client comes from another copy of the AWS SDK', async () => {
  const tableName = await table();
  const now = () => 1_700_000_000_000;
  const other = createRateLimiter({
    rules: [rule],
    store: dynamoBucketStore({ tableName, client: local.client }),
    now,
  });
  // Another instance takes a token between this store's read and its conditional write.
  const limiter = createRateLimiter({
    rules: [rule],
    store: dynamoBucketStore({
      tableName,
      client: clientOfAnotherSdkCopy(() => other.check({ auth, tool: 'create_task' })),
    }),
    now,
  });
  assert.deepEqual(await limiter.check({ auth, tool: 'create_task' }), { allowed: true });
  const { Item } = await local.client.send(
    new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'key:create_task:10/1000:20|key:k1' } } }),
  );
  assert.equal(Item?.tokens?.N, '18');
  assert.equal(Item?.version?.N, '2');
});

interface Worker {
  process: ChildProcessWithoutNullStreams;
  lines: Interface;
  next(): Promise<string>;
}

function startWorker(config: object): Worker {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@lambda-mcp/source',
      fileURLToPath(new URL('./bucket-worker.fixture.ts', import.meta.url)),
      JSON.stringify(config),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => {
    const resolve = waiting.shift();
    if (resolve) resolve(line);
    else queue.push(line);
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return {
    process: child,
    lines,
    next: () =>
      new Promise((resolve, reject) => {
        const line = queue.shift();
        if (line !== undefined) return resolve(line);
        waiting.push(resolve);
        child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${stderr}`)));
      }),
  };
}

test('20 worker processes share one bucket: never more than burst + rate x elapsed, refilled on time', async () => {
  const tableName = await table();
  const workers = Array.from({ length: 20 }, () =>
    startWorker({ endpoint: local.endpoint, tableName, rule }),
  );
  try {
    await Promise.all(workers.map((worker) => worker.next()));
    const round = async (now: number, attempts: number) => {
      for (const worker of workers) worker.process.stdin.write(`${JSON.stringify({ now, attempts })}\n`);
      const answers = await Promise.all(workers.map((worker) => worker.next()));
      return answers.reduce((sum, line) => sum + (JSON.parse(line) as { admitted: number }).admitted, 0);
    };
    const start = 1_700_000_000_000;
    // 60 concurrent attempts against a full bucket of 20 at one instant: exactly the burst.
    assert.equal(await round(start, 3), 20);
    // The clock stands still: nothing more.
    assert.equal(await round(start, 2), 0);
    // One second later: rate x 1 s.
    assert.equal(await round(start + 1000, 3), 10);
    // 250 ms later: 2.5 tokens, so 2 requests.
    assert.equal(await round(start + 1250, 3), 2);
    // Long idle: refilled to the burst, never beyond.
    assert.equal(await round(start + 60_000, 3), 20);
  } finally {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise((resolve) => {
            if (worker.process.exitCode !== null) return resolve(undefined);
            worker.process.once('exit', resolve);
            worker.process.stdin.end();
          }),
      ),
    );
  }
});
