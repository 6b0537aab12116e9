import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The parts of a presented key `<prefix>_<keyId>_<secret>`. */
export interface ParsedKey {
  prefix: string;
  keyId: string;
  secret: string;
}

export const DEFAULT_KEY_PREFIX = 'lmcp';
const KEY_PATTERN = /^([a-z][a-z0-9]{1,15})_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A new random key: 64-bit lookup id (public, not secret) and a 256-bit secret. */
export function generateKey(prefix = DEFAULT_KEY_PREFIX): { key: string; keyId: string; hash: string } {
  if (!/^[a-z][a-z0-9]{1,15}$/.test(prefix)) throw new TypeError(`key prefix must match [a-z][a-z0-9]{1,15}`);
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `${prefix}_${keyId}_${secret}`, keyId, hash: hashSecret(keyId, secret) };
}

/** Splits a presented key, or undefined when it is not in the key format. */
export function parseKey(presented: string): ParsedKey | undefined {
  const match = KEY_PATTERN.exec(presented);
  if (!match) return undefined;
  return { prefix: match[1]!, keyId: match[2]!, secret: match[3]! };
}

/**
 * SHA-256 of the secret, bound to its key id. A fast hash is right here, unlike for
 * passwords: the secret has 256 bits of entropy, so a stolen hash cannot be brute-forced
 * at any hashing speed, and bcrypt/scrypt would add 50–100 ms to every request (and bcrypt
 * truncates input at 72 bytes).
 */
export function hashSecret(keyId: string, secret: string): string {
  return createHash('sha256').update(`${keyId}.${secret}`).digest('hex');
}

/** Compares two hex digests in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
