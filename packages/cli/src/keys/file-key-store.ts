import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ApiKeyRecord, type KeyStore, memoryKeyStore } from 'lambda-mcp/auth';
import { CliError } from '../cli-error.ts';

/**
 * Keys in a JSON file for local use: an array of stored records (hashes, never keys), the
 * shape `memoryKeyStore` takes, so a local server can load it:
 * `apiKeyAuth({ store: memoryKeyStore(JSON.parse(readFileSync('keys.json', 'utf8'))) })`.
 * The memory store does the work; every change is written back whole, through a rename so a
 * reader never sees half a file.
 */
export function fileKeyStore(path: string): KeyStore {
  const memory = memoryKeyStore(readRecords(path));
  const save = async () => {
    const text = `${JSON.stringify(await memory.list(), null, 2)}\n`;
    const partial = `${path}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(partial, text, { mode: 0o600 });
      renameSync(partial, path);
    } catch (error) {
      try {
        rmSync(partial, { force: true });
      } catch {}
      // A path the user named (a folder that is a file, no permission): their mistake, not a bug.
      throw new CliError(
        `cannot write ${path} (${(error as Error).message}). Name a file where one can be written.`,
      );
    }
  };
  return {
    get: (keyId) => memory.get(keyId),
    list: (filter) => memory.list(filter),
    async insert(record) {
      await memory.insert(record);
      await save();
    },
    async revoke(keyId, at) {
      const found = await memory.revoke(keyId, at);
      if (found) await save();
      return found;
    },
    async touch(keyId, at) {
      await memory.touch(keyId, at);
      await save();
    },
  };
}

function readRecords(path: string): ApiKeyRecord[] {
  if (!existsSync(path)) return [];
  let records: unknown;
  try {
    records = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`${path} is not a key file (${(error as Error).message}). Name another file.`);
  }
  if (!Array.isArray(records))
    throw new CliError(`${path} is not a key file (no JSON array). Name another file.`);
  const bad = records.findIndex((record) => !isKeyRecord(record));
  if (bad !== -1) {
    throw new CliError(
      `${path} is not a key file (entry ${bad + 1} is not a key record). Name another file.`,
    );
  }
  return records as ApiKeyRecord[];
}

/** The fields every command reads: a record without them would fail later, as a bug of ours. */
function isKeyRecord(value: unknown): value is ApiKeyRecord {
  const record = value as Partial<Record<keyof ApiKeyRecord, unknown>> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    (['keyId', 'hash', 'tenant', 'name', 'createdAt'] as const).every(
      (field) => typeof record[field] === 'string',
    ) &&
    Array.isArray(record.scopes) &&
    record.scopes.every((scope) => typeof scope === 'string')
  );
}
