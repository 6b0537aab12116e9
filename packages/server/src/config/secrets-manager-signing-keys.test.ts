import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it, test } from 'node:test';
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { type LocalSecretsManager, startLocalSecretsManager } from './secrets-manager-local.fixture.ts';
import {
  type SecretsManagerClientLike,
  type SecretsManagerKeysOptions,
  secretsManagerSigningKeys,
} from './secrets-manager-signing-keys.ts';

let local: LocalSecretsManager;
let client: SecretsManagerClient;
before(async () => {
  local = await startLocalSecretsManager();
  client = local.client();
});
after(async () => {
  client.destroy();
  await local.stop();
});

let count = 0;
async function createSecret(value: string): Promise<string> {
  const out = await client.send(new CreateSecretCommand({ Name: `state-${++count}`, SecretString: value }));
  return out.ARN!;
}
const rotate = (arn: string, value: string) =>
  client.send(new PutSecretValueCommand({ SecretId: arn, SecretString: value }));

/** A clock the test moves by hand: no test waits for real time. */
function manualClock(start = 1_000_000) {
  const clock = { now: start, read: () => clock.now };
  return clock;
}

describe('secretsManagerSigningKeys (through the AWS SDK against a local Secrets Manager)', () => {
  it('reads AWSCURRENT on first use, and no previous key before any rotation', async () => {
    const arn = await createSecret('first-key');
    const source = secretsManagerSigningKeys(arn, { client });
    assert.deepEqual(await source.keys(), { current: 'first-key' });
  });

  it('keeps the keys it read until maxAgeMs, then serves them while it reads the rotated pair', async () => {
    const arn = await createSecret('old-key');
    const clock = manualClock();
    const source = secretsManagerSigningKeys(arn, { client, maxAgeMs: 60_000, now: clock.read });
    const first = await source.keys();
    await rotate(arn, 'new-key');
    clock.now += 59_999;
    assert.equal(await source.keys(), first);
    clock.now += 1;
    assert.equal(await source.keys(), first);
    // refresh() shares the background read the stale keys() call started.
    assert.deepEqual(await source.refresh(), { current: 'new-key', previous: 'old-key' });
    assert.deepEqual(await source.keys(), { current: 'new-key', previous: 'old-key' });
  });

  it('refreshes on demand at most once per minRefreshMs', async () => {
    const arn = await createSecret('a');
    const clock = manualClock();
    const source = secretsManagerSigningKeys(arn, { client, minRefreshMs: 10_000, now: clock.read });
    await source.keys();
    await rotate(arn, 'b');
    clock.now += 9_999;
    assert.equal(await source.refresh(), undefined);
    clock.now += 1;
    assert.deepEqual(await source.refresh(), { current: 'b', previous: 'a' });
    assert.deepEqual(await source.keys(), { current: 'b', previous: 'a' });
  });

  it('fails a read of a missing secret, and reads again on the next use instead of caching the failure', async () => {
    const source = secretsManagerSigningKeys('state-missing', { client });
    // Named: the SDK's own message does not say which secret, nor what it was read for.
    await assert.rejects(source.keys(), (error: Error) => {
      assert.equal(
        error.message,
        "Could not read the requestState signing keys (LAMBDA_MCP_STATE_SECRET_ARN) from Secrets Manager secret state-missing: ResourceNotFoundException: Secrets Manager can't find the specified secret.",
      );
      assert.equal((error.cause as Error).name, 'ResourceNotFoundException');
      return true;
    });
    await client.send(new CreateSecretCommand({ Name: 'state-missing', SecretString: 'late' }));
    assert.deepEqual(await source.keys(), { current: 'late' });
  });
});

/** One read as the scripted client received it: its AWSCURRENT and AWSPREVIOUS calls. */
interface PendingRead {
  answer(current: string, previous?: string): void;
  fail(error: Error): void;
}

/**
 * A client the test answers by hand: each read (two GetSecretValue calls) waits until the
 * test answers or fails it, so a test can look at the source while a read is in flight.
 */
function scriptedClient() {
  const calls: { stage: string; resolve(out: object): void; reject(error: unknown): void }[] = [];
  let arrived: (() => void) | undefined;
  let reads = 0;
  const client: SecretsManagerClientLike = {
    send(command) {
      const { VersionStage } = (command as { input: { VersionStage: string } }).input;
      if (VersionStage === 'AWSCURRENT') reads++;
      return new Promise((resolve, reject) => {
        calls.push({ stage: VersionStage, resolve, reject });
        arrived?.();
      });
    },
  };
  return {
    client,
    /** Reads begun so far. */
    reads: () => reads,
    /** The next read, once both of its calls have been sent. */
    async nextRead(): Promise<PendingRead> {
      while (calls.length < 2) {
        await new Promise<void>((resolve) => {
          arrived = resolve;
        });
      }
      const pair = calls.splice(0, 2);
      return {
        answer(current, previous) {
          for (const call of pair) {
            if (call.stage === 'AWSCURRENT') call.resolve({ SecretString: current });
            else if (previous !== undefined) call.resolve({ SecretString: previous });
            else
              call.reject(Object.assign(new Error('no AWSPREVIOUS'), { name: 'ResourceNotFoundException' }));
          }
        },
        fail(error) {
          for (const call of pair) call.reject(error);
        },
      };
    },
  };
}

/** Lets an answered read finish: its promises settle before the next turn of the event loop. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** 'waiting' when `promise` has not settled once everything already settleable has. */
async function settledOrWaiting<T>(promise: Promise<T>): Promise<T | 'waiting'> {
  return Promise.race([promise, settle().then(() => 'waiting' as const)]);
}

/** Counts unhandled rejections while `body` runs (and its promises settle). */
async function unhandledRejectionsDuring(body: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  try {
    await body();
    await settle();
  } finally {
    process.off('unhandledRejection', listener);
  }
  return seen;
}

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

describe('secretsManagerSigningKeys: stale-while-revalidate (a scripted client and clock)', () => {
  const MINUTE = 60_000;
  const options = { maxAgeMs: 15 * MINUTE, minRefreshMs: 10_000, maxStaleMs: 24 * 60 * MINUTE };

  /** A source whose first read has answered `a`. */
  async function loaded(extra: Partial<SecretsManagerKeysOptions> = {}) {
    const script = scriptedClient();
    const clock = manualClock();
    const source = secretsManagerSigningKeys('state', {
      ...options,
      client: script.client,
      now: clock.read,
      ...extra,
    });
    const first = source.keys();
    (await script.nextRead()).answer('a');
    assert.deepEqual(await first, { current: 'a' });
    return { script, clock, source, first: await first };
  }

  it('shares the first read between concurrent callers, who wait for it', async () => {
    const script = scriptedClient();
    const source = secretsManagerSigningKeys('state', { client: script.client, now: manualClock().read });
    const one = source.keys();
    const two = source.keys();
    const read = await script.nextRead();
    assert.equal(await settledOrWaiting(one), 'waiting');
    read.answer('a');
    assert.equal(await one, await two);
    assert.equal(script.reads(), 1);
  });

  it('serves stale keys at once while one background read, shared by every caller, is in flight', async () => {
    const { script, clock, source, first } = await loaded();
    clock.now += 15 * MINUTE;
    assert.equal(await settledOrWaiting(source.keys()), first);
    const read = await script.nextRead();
    // More callers while it is in flight: the same keys at once, no second read.
    assert.equal(await settledOrWaiting(source.keys()), first);
    clock.now += 10_000;
    assert.equal(await settledOrWaiting(source.keys()), first);
    await settle();
    assert.equal(script.reads(), 2);
    read.answer('b', 'a');
    await settle();
    assert.deepEqual(await source.keys(), { current: 'b', previous: 'a' });
    assert.equal(script.reads(), 2);
  });

  it('keeps the old keys when a background read fails, and reads again no sooner than minRefreshMs', async () => {
    const reported: unknown[] = [];
    const { script, clock, source, first } = await loaded({ onError: (error) => reported.push(error) });
    const error = throttled();
    const unhandled = await unhandledRejectionsDuring(async () => {
      clock.now += 15 * MINUTE;
      assert.equal(await source.keys(), first);
      (await script.nextRead()).fail(error);
      await settle();
    });
    assert.deepEqual(unhandled, []);
    assert.deepEqual(
      reported.map((reportedError) => (reportedError as Error).cause),
      [error],
    );

    clock.now += 9_999;
    assert.equal(await source.keys(), first);
    await settle();
    assert.equal(script.reads(), 2);

    clock.now += 1;
    assert.equal(await source.keys(), first);
    (await script.nextRead()).answer('b', 'a');
    await settle();
    assert.equal(script.reads(), 3);
    assert.deepEqual(await source.keys(), { current: 'b', previous: 'a' });
  });

  it('turns neither a failed background read nor a throwing onError into an unhandled rejection', async () => {
    for (const onError of [
      undefined,
      () => {
        throw new Error('the reporter failed');
      },
    ]) {
      const { script, clock, source, first } = await loaded(onError === undefined ? {} : { onError });
      const unhandled = await unhandledRejectionsDuring(async () => {
        clock.now += 15 * MINUTE;
        assert.equal(await source.keys(), first);
        (await script.nextRead()).fail(throttled());
        await settle();
      });
      assert.deepEqual(unhandled, []);
      assert.equal(await source.keys(), first);
    }
  });

  it('stops serving keys older than maxStaleMs: callers wait for a read and fail with it', async () => {
    const { script, clock, source, first } = await loaded({ maxStaleMs: 60 * MINUTE });
    // Background reads fail for the whole hour.
    clock.now += 15 * MINUTE;
    assert.equal(await source.keys(), first);
    (await script.nextRead()).fail(throttled());
    await settle();
    clock.now += 45 * MINUTE - 1;
    assert.equal(await source.keys(), first);
    (await script.nextRead()).fail(throttled());
    await settle();

    clock.now += 1;
    const waiting = source.keys();
    const failing = await script.nextRead();
    assert.equal(await settledOrWaiting(waiting), 'waiting');
    failing.fail(throttled());
    await assert.rejects(waiting, {
      message:
        'Could not read the requestState signing keys (LAMBDA_MCP_STATE_SECRET_ARN) from Secrets Manager secret state: ThrottlingException: Rate exceeded',
    });
    // Not kept, as on first use: the next call reads again at once.
    const next = source.keys();
    (await script.nextRead()).answer('b', 'a');
    assert.deepEqual(await next, { current: 'b', previous: 'a' });
    assert.deepEqual(await settledOrWaiting(source.keys()), { current: 'b', previous: 'a' });
  });

  it('serves keys for as long as reads fail with maxStaleMs: Infinity', async () => {
    const { script, clock, source, first } = await loaded({ maxStaleMs: Number.POSITIVE_INFINITY });
    clock.now += 365 * 24 * 60 * MINUTE;
    assert.equal(await settledOrWaiting(source.keys()), first);
    (await script.nextRead()).fail(throttled());
    await settle();
    assert.equal(await source.keys(), first);
  });

  it('refresh() waits for its read; a failure rejects, keeps the old keys and counts toward minRefreshMs', async () => {
    const { script, clock, source, first } = await loaded();
    clock.now += 10_000;
    const refreshing = source.refresh();
    const read = await script.nextRead();
    assert.equal(await settledOrWaiting(refreshing), 'waiting');
    read.fail(throttled());
    await assert.rejects(refreshing, {
      message:
        'Could not read the requestState signing keys (LAMBDA_MCP_STATE_SECRET_ARN) from Secrets Manager secret state: ThrottlingException: Rate exceeded',
    });
    assert.equal(await source.keys(), first);

    clock.now += 9_999;
    assert.equal(await source.refresh(), undefined);
    assert.equal(script.reads(), 2);

    clock.now += 1;
    const again = source.refresh();
    (await script.nextRead()).answer('b', 'a');
    assert.deepEqual(await again, { current: 'b', previous: 'a' });
    assert.deepEqual(await source.keys(), { current: 'b', previous: 'a' });
  });

  it('refresh() joins a background read in flight instead of starting another', async () => {
    const { script, clock, source } = await loaded();
    clock.now += 15 * MINUTE;
    await source.keys();
    const read = await script.nextRead();
    const refreshing = source.refresh();
    read.answer('b', 'a');
    assert.deepEqual(await refreshing, { current: 'b', previous: 'a' });
    assert.equal(script.reads(), 2);
  });
});

test("reads a secret given by ARN in the ARN's region, not the function's (a shared secret in another region)", async (t) => {
  // A Secrets Manager endpoint that answers GetSecretValue and records the region each call
  // was signed for (SigV4's credential scope says which regional endpoint it was meant for).
  const regions: string[] = [];
  const endpoint = createServer((request, response) => {
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(request.headers.authorization));
    regions.push(scope?.[1] ?? 'unsigned');
    request.resume().on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ SecretString: 'shared-key' }));
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  t.after(() => endpoint.close());
  const environment = {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`,
  };
  const saved = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
  Object.assign(process.env, environment);
  t.after(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:state-AbCdEf';
  assert.deepEqual(await secretsManagerSigningKeys(arn).keys(), {
    current: 'shared-key',
    previous: 'shared-key',
  });
  assert.deepEqual(regions, ['us-east-1', 'us-east-1']);
  regions.length = 0;
  await secretsManagerSigningKeys('state-by-name').keys();
  assert.deepEqual(regions, ['eu-west-1', 'eu-west-1']);
});
