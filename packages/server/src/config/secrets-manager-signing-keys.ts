/**
 * The MRTR `requestState` signing keys from AWS Secrets Manager (`LAMBDA_MCP_STATE_SECRET_ARN`):
 * read on first use, never from a plain environment variable. Sign with the `AWSCURRENT`
 * version, verify with `AWSCURRENT` or `AWSPREVIOUS`: putting a new value (a rotation)
 * moves the old one to `AWSPREVIOUS`, so tokens minted just before still verify.
 *
 * Shapes are structural (nothing outside config/ is imported); they match `SigningKeySource`.
 */

import { optionalPeer } from './optional-peer.ts';

const PEER: string = '@aws-sdk/client-secrets-manager';
type SecretsManagerModule = typeof import('@aws-sdk/client-secrets-manager');

/** The part of a `SecretsManagerClient` used here. */
export interface SecretsManagerClientLike {
  send(command: object): Promise<unknown>;
}

export interface SecretsManagerKeysOptions {
  /** A configured client; by default one with the environment's region and credentials. */
  client?: SecretsManagerClientLike;
  /** Keys are read again after this long (default 15 minutes), so every instance moves to a rotated key. */
  maxAgeMs?: number;
  /** A token neither key verifies triggers a read at most this often (default 10 s). */
  minRefreshMs?: number;
  now?: () => number;
}

interface Keys {
  current: string | Uint8Array;
  previous?: string | Uint8Array;
}

/** A `SigningKeySource` over one secret. */
export function secretsManagerSigningKeys(
  secretId: string,
  options: SecretsManagerKeysOptions = {},
): { keys(): Promise<Keys>; refresh(): Promise<Keys | undefined> } {
  const maxAgeMs = options.maxAgeMs ?? 15 * 60_000;
  const minRefreshMs = options.minRefreshMs ?? 10_000;
  const now = options.now ?? Date.now;
  let client = options.client;
  let loaded: { keys: Promise<Keys>; at: number } | undefined;

  const load = (): Promise<Keys> => {
    const keys = readKeys();
    const entry = { keys, at: now() };
    loaded = entry;
    // A failed read is not cached: the next request tries again.
    keys.catch(() => {
      if (loaded === entry) loaded = undefined;
    });
    return keys;
  };

  const readKeys = async (): Promise<Keys> => {
    const sdk = await loadSecretsManager('LAMBDA_MCP_STATE_SECRET_ARN');
    client ??= new sdk.SecretsManagerClient({});
    const read = async (stage: 'AWSCURRENT' | 'AWSPREVIOUS') => {
      try {
        const out = (await client!.send(
          new sdk.GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }),
        )) as { SecretString?: string; SecretBinary?: Uint8Array };
        return out.SecretString ?? out.SecretBinary;
      } catch (error) {
        // A secret that was never rotated has no AWSPREVIOUS version.
        if (stage === 'AWSPREVIOUS' && (error as { name?: string }).name === 'ResourceNotFoundException')
          return undefined;
        throw error;
      }
    };
    const [current, previous] = await Promise.all([read('AWSCURRENT'), read('AWSPREVIOUS')]);
    if (current === undefined || current.length === 0) {
      throw new Error(`The requestState secret ${secretId} has no value (AWSCURRENT)`);
    }
    return previous === undefined ? { current } : { current, previous };
  };

  return {
    keys() {
      if (loaded === undefined || now() - loaded.at >= maxAgeMs) return load();
      return loaded.keys;
    },
    async refresh() {
      if (loaded !== undefined && now() - loaded.at < minRefreshMs) return undefined;
      return load();
    },
  };
}

/**
 * The SDK, an optional peer loaded on first use. The specifier is a variable so a bundler
 * leaves the import alone: every server's bundle would otherwise carry the whole client.
 * The Lambda Node.js runtime provides it.
 */
const loadSecretsManager = optionalPeer(
  PEER,
  () => import(PEER as string) as Promise<SecretsManagerModule>,
  'The AWS Lambda Node.js runtime includes it.',
);
