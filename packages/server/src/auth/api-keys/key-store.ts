/** What is stored for an API key: never the key itself, only its hash. */
export interface ApiKeyRecord {
  /** The lookup id, the public middle part of the key. */
  keyId: string;
  /**
   * `<prefix>:<hex SHA-256 of the secret>` (see `generateKey`); a bare hex digest, from
   * before keys were bound to their prefix, is still accepted with any prefix.
   */
  hash: string;
  /** The account or tenant the key acts for. */
  tenant: string;
  /** The principal the key stands for (a user or service id); the key id when absent. */
  subject?: string;
  /** A human label ("ci deploy key"). */
  name: string;
  scopes: string[];
  /** ISO 8601 timestamps. */
  createdAt: string;
  lastUsedAt?: string;
  expiresAt?: string;
  revokedAt?: string;
}

/** Persistence for API keys; implementations: memory, DynamoDB, Postgres. */
export interface KeyStore {
  /** Inserts a new record; rejects when the key id exists. */
  insert(record: ApiKeyRecord): Promise<void>;
  get(keyId: string): Promise<ApiKeyRecord | undefined>;
  /** All records, or one tenant's, in creation order. */
  list(filter?: { tenant?: string }): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked at `at`; false when there is no such key. Revoking twice keeps the first time. */
  revoke(keyId: string, at: string): Promise<boolean>;
  /** Records a use of the key. */
  touch(keyId: string, at: string): Promise<void>;
}

export function byCreation(a: ApiKeyRecord, b: ApiKeyRecord): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.keyId.localeCompare(b.keyId);
}
