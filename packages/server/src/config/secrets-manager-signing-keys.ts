/**
 * The MRTR `requestState` signing keys from AWS Secrets Manager (`LAMBDA_MCP_STATE_SECRET_ARN`):
 * read on first use, never from a plain environment variable. Sign with the `AWSCURRENT`
 * version, verify with `AWSCURRENT` or `AWSPREVIOUS`: putting a new value (a rotation)
 * moves the old one to `AWSPREVIOUS`, so tokens minted just before still verify.
 *
 * Stale-while-revalidate. The first read is waited for (a failure rejects and is not kept:
 * the next call reads again). Keys older than `maxAgeMs` are still served at once while one
 * background read fetches new ones; a failed background read leaves the held keys serving,
 * goes to `onError` (never an unhandled rejection; a failed read is an Error naming the secret,
 * the SDK's error its `cause`), and is retried no sooner than
 * `minRefreshMs` later, so an outage does not become a read per request. Keys older than
 * `maxStaleMs` (default 24 hours) are no longer served: a caller then waits for a read, as
 * on first use, and fails if it fails. A key rotated out (say, because it leaked) must not
 * stay in use forever on an instance that cannot reach Secrets Manager; a Lambda execution
 * environment rarely lives that long, so the limit matters mostly to long-running servers.
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
  /**
   * Keys older than this (default 15 minutes) are read again in the background, while the
   * held ones keep serving, so every instance moves to a rotated key.
   */
  maxAgeMs?: number;
  /**
   * Reads after the first are at most this often (default 10 s): a token neither key
   * verifies (`refresh()`), and a background read after a failed one.
   */
  minRefreshMs?: number;
  /**
   * Keys older than this (default 24 hours), every read since having failed, are no longer
   * served: callers wait for a read and fail if it fails. `Infinity` serves them regardless.
   */
  maxStaleMs?: number;
  /** A background read failed (the held keys stay in use); default: nothing is reported. */
  onError?: (error: unknown) => void;
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
  const maxStaleMs = options.maxStaleMs ?? 24 * 60 * 60_000;
  const now = options.now ?? Date.now;
  let client = options.client;
  // The keys of the last successful read, `at` the time that read began.
  let held: { keys: Keys; served: Promise<Keys>; at: number } | undefined;
  // The one read in flight, whoever started it: every caller that needs a read shares it.
  let reading: Promise<Keys> | undefined;
  // When the last read began, successful or not: the `minRefreshMs` limit counts from it.
  let lastAttempt = Number.NEGATIVE_INFINITY;

  const load = (): Promise<Keys> => {
    if (reading !== undefined) return reading;
    const at = now();
    lastAttempt = at;
    const attempt: Promise<Keys> = readKeys()
      .then((keys) => {
        held = { keys, served: Promise.resolve(keys), at };
        return keys;
      })
      .finally(() => {
        if (reading === attempt) reading = undefined;
      });
    reading = attempt;
    return attempt;
  };

  const readInBackground = () => {
    load().catch((error: unknown) => {
      try {
        options.onError?.(error);
      } catch {
        // A failing reporter must not turn into an unhandled rejection (which ends a Lambda).
      }
    });
  };

  const readKeys = async (): Promise<Keys> => {
    const sdk = await loadSecretsManager('LAMBDA_MCP_STATE_SECRET_ARN');
    client ??= new sdk.SecretsManagerClient(clientConfig(secretId));
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
    let current: string | Uint8Array | undefined;
    let previous: string | Uint8Array | undefined;
    try {
      [current, previous] = await Promise.all([read('AWSCURRENT'), read('AWSPREVIOUS')]);
    } catch (error) {
      // The SDK's message rarely says which secret ("Secrets Manager can't find the specified
      // secret.") and never what it was read for, and it ends up in a tool's failure log.
      const { name, message } = error as { name?: string; message?: string };
      throw new Error(
        `Could not read the requestState signing keys (LAMBDA_MCP_STATE_SECRET_ARN) from Secrets Manager secret ${secretId}: ${name}: ${message}`,
        { cause: error },
      );
    }
    if (current === undefined || current.length === 0) {
      throw new Error(`The requestState secret ${secretId} has no value (AWSCURRENT)`);
    }
    return previous === undefined ? { current } : { current, previous };
  };

  return {
    keys() {
      const time = now();
      // None read yet (or the first read failed), or too old to serve: wait for a read.
      if (held === undefined || time - held.at >= maxStaleMs) return load();
      if (time - held.at >= maxAgeMs && reading === undefined && time - lastAttempt >= minRefreshMs) {
        readInBackground();
      }
      return held.served;
    },
    /**
     * A token verified with neither key: waits for a read (sharing one in flight), or
     * resolves undefined when the last one began less than `minRefreshMs` ago. A failed
     * read rejects; the keys held before stay.
     */
    async refresh() {
      if (reading !== undefined) return reading;
      if (held !== undefined && now() - lastAttempt < minRefreshMs) return undefined;
      return load();
    },
  };
}

/**
 * A secret named by ARN is read in the ARN's region: the SDK sends every call to the
 * function's own region (`AWS_REGION`), where a secret shared from another region is not
 * found. A name (or partial ARN) is read in the function's region.
 */
function clientConfig(secretId: string): { region?: string } {
  const [arn, , service, region] = secretId.split(':');
  return arn === 'arn' && service === 'secretsmanager' && region ? { region } : {};
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
