import { DEFAULT_KEY_PREFIX, generateKey } from './key-format.ts';
import type { ApiKeyRecord, KeyStore } from './key-store.ts';

export interface CreateKeyOptions {
  tenant: string;
  name: string;
  scopes?: readonly string[];
  subject?: string;
  /** When the key stops working: a Date, or milliseconds from now. */
  expiresAt?: Date;
  expiresInMs?: number;
  /** The recognisable prefix (default `lmcp`). */
  prefix?: string;
  now?: () => number;
}

/** A key as listed: the record without its hash. */
export type ApiKeyInfo = Omit<ApiKeyRecord, 'hash'>;

/**
 * Creates a key and stores its hash. `key` is returned once and never stored: show it to
 * the user now (`lambda-mcp keys create`).
 */
export async function createKey(
  store: KeyStore,
  options: CreateKeyOptions,
): Promise<{ key: string; info: ApiKeyInfo }> {
  for (const scope of options.scopes ?? []) assertScopeToken(scope);
  const now = options.now?.() ?? Date.now();
  const { key, keyId, hash } = await generateKey(options.prefix ?? DEFAULT_KEY_PREFIX);
  const expires =
    options.expiresAt ??
    (options.expiresInMs === undefined ? undefined : new Date(now + options.expiresInMs));
  const record: ApiKeyRecord = {
    keyId,
    hash,
    tenant: options.tenant,
    name: options.name,
    scopes: [...(options.scopes ?? [])],
    createdAt: new Date(now).toISOString(),
  };
  if (options.subject !== undefined) record.subject = options.subject;
  if (expires !== undefined) record.expiresAt = expires.toISOString();
  await store.insert(record);
  return { key, info: withoutHash(record) };
}

/** The keys (without hashes), all or one tenant's (`lambda-mcp keys list`). */
export async function listKeys(store: KeyStore, filter: { tenant?: string } = {}): Promise<ApiKeyInfo[]> {
  return (await store.list(filter)).map(withoutHash);
}

/** Revokes a key at once; false when there is no such key (`lambda-mcp keys revoke`). */
export async function revokeKey(
  store: KeyStore,
  keyId: string,
  now: () => number = Date.now,
): Promise<boolean> {
  return store.revoke(keyId, new Date(now()).toISOString());
}

/**
 * RFC 6749 section 3.3 scope-token characters (printable ASCII but space, `"` and `\`),
 * less `,`, `[` and `]`: a key's scopes travel space-separated in its claims and in the
 * authorizer context, which the Lambda adapter reads back splitting on spaces and commas
 * and dropping enclosing brackets. A "scope" holding one of those would be one scope in
 * process and several behind the authorizer ("tasks:read tasks:admin" granting tasks:admin).
 */
const SCOPE_TOKEN = /^[\x21\x23-\x2b\x2d-\x5a\x5e-\x7e]+$/;

function assertScopeToken(scope: string): void {
  if (typeof scope === 'string' && SCOPE_TOKEN.test(scope)) return;
  throw new TypeError(
    `API key scope ${JSON.stringify(scope)} is not one scope: a scope is printable ASCII without spaces, quotes, backslashes, commas or brackets (RFC 6749 section 3.3); give several scopes as several entries`,
  );
}

function withoutHash({ hash: _hash, ...info }: ApiKeyRecord): ApiKeyInfo {
  return info;
}
