import { mkdirSync } from 'node:fs';

/** The one thing the messages server needs from a database: parameterised queries. */
export interface MessageDatabase {
  query<Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
  readonly description: string;
  close(): Promise<void>;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS messages (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel text NOT NULL,
    author text NOT NULL,
    text text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  'CREATE INDEX IF NOT EXISTS messages_channel ON messages (channel, id DESC)',
];

/**
 * `pg` against `databaseUrl` (one connection: a Lambda environment serves one request at a
 * time), else embedded PGlite in `dataDir`. Drivers load lazily so each deployment pays only for its own.
 */
export async function openMessageDatabase(config: {
  databaseUrl?: string | undefined;
  dataDir: string;
  onPoolError?: (error: Error) => void;
}): Promise<MessageDatabase> {
  let db: MessageDatabase;
  if (config.databaseUrl) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: 1,
      connectionTimeoutMillis: 5_000,
    });
    pool.on('error', (error) => config.onPoolError?.(error));
    db = {
      query: async (sql, params = []) => ({ rows: (await pool.query(sql, [...params])).rows }),
      description: 'Postgres (DATABASE_URL)',
      close: () => pool.end(),
    };
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    mkdirSync(config.dataDir, { recursive: true });
    const lite = await PGlite.create({ dataDir: config.dataDir });
    db = {
      query: async (sql, params = []) => ({ rows: (await lite.query(sql, [...params])).rows as never[] }),
      description: `PGlite at ${config.dataDir}`,
      close: () => lite.close(),
    };
  }
  for (const statement of SCHEMA) await db.query(statement);
  return db;
}
