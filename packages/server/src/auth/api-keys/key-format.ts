// No static node:crypto import: the entry loads no Node built-in, so importing it costs
// nothing and it runs on any fetch host. Hashing uses Node's synchronous SHA-256 when the
// runtime has it (fetched on first use), else Web Crypto (a thread-pool hop, ~4x slower).

type NodeCrypto = typeof import('node:crypto');
let nodeCrypto: NodeCrypto | null | undefined;

/** The parts of a presented key `<prefix>_<keyId>_<secret>`. */
export interface ParsedKey {
  prefix: string;
  keyId: string;
  secret: string;
}

export const DEFAULT_KEY_PREFIX = 'lmcp';
const KEY_PATTERN = /^([a-z][a-z0-9]{1,15})_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A new random key: 64-bit lookup id (public, not secret) and a 256-bit secret. */
export async function generateKey(
  prefix = DEFAULT_KEY_PREFIX,
): Promise<{ key: string; keyId: string; hash: string }> {
  if (!/^[a-z][a-z0-9]{1,15}$/.test(prefix)) throw new TypeError(`key prefix must match [a-z][a-z0-9]{1,15}`);
  const keyId = hex(crypto.getRandomValues(new Uint8Array(8)));
  const secret = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const hash = `${prefix}:${await hashSecret(keyId, secret)}`;
  return { key: `${prefix}_${keyId}_${secret}`, keyId, hash };
}

/** Splits a presented key, or undefined when it is not in the key format. */
export function parseKey(presented: string): ParsedKey | undefined {
  const match = KEY_PATTERN.exec(presented);
  if (!match) return undefined;
  return { prefix: match[1]!, keyId: match[2]!, secret: match[3]! };
}

/**
 * Hex SHA-256 of the secret, bound to its key id. A fast hash is right here, unlike for
 * passwords: the secret has 256 bits of entropy, so a stolen hash cannot be brute-forced
 * at any hashing speed, and bcrypt/scrypt would add 50–100 ms to every request (and bcrypt
 * truncates input at 72 bytes).
 */
export async function hashSecret(keyId: string, secret: string): Promise<string> {
  nodeCrypto ??= globalThis.process?.getBuiltinModule?.('node:crypto') ?? null;
  if (nodeCrypto) return nodeCrypto.createHash('sha256').update(`${keyId}.${secret}`).digest('hex');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${keyId}.${secret}`));
  return hex(new Uint8Array(digest));
}

/**
 * Whether a presented key matches a stored hash: `<prefix>:<hex>` (what `generateKey`
 * stores) binds the key to its prefix, so a `live_` key presented as `test_…` fails; a
 * bare `<hex>` (records stored before the prefix was) checks the secret only. `hex` is
 * `hashSecret(keyId, secret)`, computed by the caller whether or not a record was found.
 */
export function matchesStoredHash(parsed: ParsedKey, hex: string, stored: string): boolean {
  const colon = stored.indexOf(':');
  if (colon === -1) return sameHash(hex, stored);
  // The prefix is public (it is in every key): only the digest needs a constant-time compare.
  const digestMatches = sameHash(hex, stored.slice(colon + 1));
  return digestMatches && stored.slice(0, colon) === parsed.prefix;
}

/** Compares two hex digests in time independent of where they differ. */
export function sameHash(a: string, b: string): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

function hex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
