import { type ApiKeyRecord, byCreation, type KeyStore } from './key-store.ts';

/** Keys in a Map: for tests and single-process development. */
export function memoryKeyStore(initial: readonly ApiKeyRecord[] = []): KeyStore {
  const records = new Map<string, ApiKeyRecord>(initial.map((record) => [record.keyId, { ...record }]));
  const copy = (record: ApiKeyRecord): ApiKeyRecord => ({ ...record, scopes: [...record.scopes] });
  return {
    async insert(record) {
      if (records.has(record.keyId)) throw new Error(`API key ${record.keyId} already exists`);
      records.set(record.keyId, copy(record));
    },
    async get(keyId) {
      const record = records.get(keyId);
      return record && copy(record);
    },
    async list(filter = {}) {
      return [...records.values()]
        .filter((record) => filter.tenant === undefined || record.tenant === filter.tenant)
        .sort(byCreation)
        .map(copy);
    },
    async revoke(keyId, at) {
      const record = records.get(keyId);
      if (!record) return false;
      record.revokedAt ??= at;
      return true;
    },
    async touch(keyId, at) {
      const record = records.get(keyId);
      if (record) record.lastUsedAt = at;
    },
  };
}
