import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { type LocalSecretsManager, startLocalSecretsManager } from './secrets-manager-local.fixture.ts';
import { secretsManagerSigningKeys } from './secrets-manager-signing-keys.ts';

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

  it('keeps the keys it read until maxAgeMs, then reads the rotated pair', async () => {
    const arn = await createSecret('old-key');
    const clock = manualClock();
    const source = secretsManagerSigningKeys(arn, { client, maxAgeMs: 60_000, now: clock.read });
    const first = await source.keys();
    await rotate(arn, 'new-key');
    clock.now += 59_999;
    assert.equal(await source.keys(), first);
    clock.now += 1;
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
    await assert.rejects(source.keys(), { name: 'ResourceNotFoundException' });
    await client.send(new CreateSecretCommand({ Name: 'state-missing', SecretString: 'late' }));
    assert.deepEqual(await source.keys(), { current: 'late' });
  });
});
