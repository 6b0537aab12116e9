import { type Identity, withCredential } from '../../server/credential.ts';
import { hashSecret, matchesStoredHash, parseKey } from './key-format.ts';
import type { ApiKeyRecord, KeyStore } from './key-store.ts';

export type ApiKeyRejection = 'malformed' | 'unknown' | 'revoked' | 'expired';

export type ApiKeyVerification =
  | { ok: true; identity: Identity; record: ApiKeyRecord }
  | { ok: false; reason: ApiKeyRejection; keyId?: string };

export interface VerifyApiKeyOptions {
  now?: () => number;
  /** Update `lastUsedAt` at most this often per key (default 60 s; 0 disables the write). */
  touchIntervalMs?: number;
  /**
   * Called when the `lastUsedAt` write fails (throttled, unreachable store). The write is
   * bookkeeping: its failure never refuses or fails the request it was made for.
   */
  onTouchError?: (error: unknown, keyId: string) => void;
}

/** Checks a presented key against the store: an identity, or why not. */
export async function verifyApiKey(
  store: KeyStore,
  presented: string | undefined,
  options: VerifyApiKeyOptions = {},
): Promise<ApiKeyVerification> {
  const parsed = presented === undefined ? undefined : parseKey(presented);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const record = await store.get(parsed.keyId);
  // Hash even for an unknown id so both paths cost the same.
  const hash = await hashSecret(parsed.keyId, parsed.secret);
  if (!record || !matchesStoredHash(parsed, hash, record.hash))
    return { ok: false, reason: 'unknown', keyId: parsed.keyId };
  if (record.revokedAt !== undefined) return { ok: false, reason: 'revoked', keyId: parsed.keyId };
  const now = options.now?.() ?? Date.now();
  // Expired from the instant itself on; an expiry that is not a date (hand-edited row) fails closed.
  if (record.expiresAt !== undefined && !(Date.parse(record.expiresAt) > now)) {
    return { ok: false, reason: 'expired', keyId: parsed.keyId };
  }
  const interval = options.touchIntervalMs ?? 60_000;
  if (interval > 0 && (record.lastUsedAt === undefined || Date.parse(record.lastUsedAt) + interval <= now)) {
    try {
      await store.touch(record.keyId, new Date(now).toISOString());
    } catch (error) {
      options.onTouchError?.(error, record.keyId);
    }
  }
  return { ok: true, identity: withCredential(apiKeyIdentity(record), presented), record };
}

/**
 * The identity of a key, in the shape API Gateway authorizer context round-trips: claims
 * are flat strings (`scope` space-separated), so `authorizerIdentity` reads back the same.
 */
export function apiKeyIdentity(record: ApiKeyRecord): Identity {
  const subject = record.subject ?? record.keyId;
  return {
    subject,
    tenant: record.tenant,
    scopes: [...record.scopes],
    claims: apiKeyClaims(record),
  };
}

/** The claims of a key: `sub`, `tenant`, `key_id`, `key_name`, `scope`. Never the key. */
export function apiKeyClaims(record: ApiKeyRecord): Record<string, string> {
  return {
    sub: record.subject ?? record.keyId,
    tenant: record.tenant,
    key_id: record.keyId,
    key_name: record.name,
    scope: record.scopes.join(' '),
  };
}
