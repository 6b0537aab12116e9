import { type ApiKeyRecord, byCreation, type KeyStore } from './key-store.ts';

/** The one thing the store needs from a Postgres client: `pg`'s Pool/Client and PGlite both fit. */
export type SqlQuery = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export interface PostgresKeyStoreOptions {
  query: SqlQuery;
  /** Table name, optionally schema-qualified (default `lambda_mcp_api_keys`). */
  table?: string;
}

/** A KeyStore over Postgres, plus `migrate()` to create its table. */
export interface PostgresKeyStore extends KeyStore {
  /** Creates the table when missing (idempotent). */
  migrate(): Promise<void>;
}

const COLUMNS =
  'key_id, hash, tenant, subject, name, scopes, created_at, last_used_at, expires_at, revoked_at';

/**
 * API keys in a Postgres table. Timestamps are kept as ISO 8601 text so every driver
 * returns them unchanged (no Date parsing differences between `pg` and PGlite).
 */
export function postgresKeyStore(options: PostgresKeyStoreOptions): PostgresKeyStore {
  const table = options.table ?? 'lambda_mcp_api_keys';
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(table)) {
    throw new TypeError(`table must be a plain (optionally schema-qualified) identifier, got "${table}"`);
  }
  const { query } = options;
  return {
    async migrate() {
      await query(
        `CREATE TABLE IF NOT EXISTS ${table} (
          key_id text PRIMARY KEY,
          hash text NOT NULL,
          tenant text NOT NULL,
          subject text,
          name text NOT NULL,
          scopes text[] NOT NULL DEFAULT '{}',
          created_at text NOT NULL,
          last_used_at text,
          expires_at text,
          revoked_at text
        )`,
      );
    },
    async insert(record) {
      await query(`INSERT INTO ${table} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
        record.keyId,
        record.hash,
        record.tenant,
        record.subject ?? null,
        record.name,
        record.scopes,
        record.createdAt,
        record.lastUsedAt ?? null,
        record.expiresAt ?? null,
        record.revokedAt ?? null,
      ]);
    },
    async get(keyId) {
      const { rows } = await query(`SELECT ${COLUMNS} FROM ${table} WHERE key_id = $1`, [keyId]);
      return rows[0] && fromRow(rows[0]);
    },
    async list(filter = {}) {
      const { rows } =
        filter.tenant === undefined
          ? await query(`SELECT ${COLUMNS} FROM ${table}`)
          : await query(`SELECT ${COLUMNS} FROM ${table} WHERE tenant = $1`, [filter.tenant]);
      return rows.map(fromRow).sort(byCreation);
    },
    async revoke(keyId, at) {
      const { rows } = await query(
        `UPDATE ${table} SET revoked_at = COALESCE(revoked_at, $2) WHERE key_id = $1 RETURNING key_id`,
        [keyId, at],
      );
      return rows.length > 0;
    },
    async touch(keyId, at) {
      await query(`UPDATE ${table} SET last_used_at = $2 WHERE key_id = $1`, [keyId, at]);
    },
  };
}

function fromRow(row: Record<string, unknown>): ApiKeyRecord {
  const record: ApiKeyRecord = {
    keyId: String(row.key_id),
    hash: String(row.hash),
    tenant: String(row.tenant),
    name: String(row.name),
    scopes: Array.isArray(row.scopes) ? row.scopes.map(String) : [],
    createdAt: String(row.created_at),
  };
  const optional = {
    subject: row.subject,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
  for (const [field, value] of Object.entries(optional)) {
    if (typeof value === 'string') record[field as 'subject'] = value;
  }
  return record;
}
