import { tasksKeyStore } from '../access/key-store.ts';
import type { Queryable, SqlDriver } from './driver.ts';

interface Migration {
  version: number;
  name: string;
  /** One statement per entry: the extended protocol (PGlite, parameterised pg) runs one at a time. */
  statements: string[];
  /** Work a statement list cannot express, run after `statements` in the same transaction. */
  apply?: (tx: Queryable) => Promise<void>;
}

/**
 * The schema, in order. Append new versions; never edit an applied one. Every `list_tasks`
 * filter has an index that leads with `tenant_id`, because every query is tenant-scoped.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'projects, members and tasks',
    statements: [
      `CREATE TABLE projects (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id text NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      'CREATE UNIQUE INDEX projects_tenant_name ON projects (tenant_id, lower(name))',
      `CREATE TABLE members (
        project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        user_id text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL DEFAULT 'member',
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, user_id)
      )`,
      `CREATE TABLE tasks (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id text NOT NULL,
        project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        assignee_id text,
        status text NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'blocked', 'done')),
        priority text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),
        due_date timestamptz,
        version integer NOT NULL DEFAULT 1,
        idempotency_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        search tsvector GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || description)) STORED
      )`,
      // Retries of create_task with the same key find the first task through this index.
      `CREATE UNIQUE INDEX tasks_idempotency ON tasks (tenant_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL`,
      'CREATE INDEX tasks_project ON tasks (tenant_id, project_id, status)',
      'CREATE INDEX tasks_assignee ON tasks (tenant_id, assignee_id, status)',
      'CREATE INDEX tasks_status ON tasks (tenant_id, status)',
      'CREATE INDEX tasks_priority ON tasks (tenant_id, priority)',
      'CREATE INDEX tasks_due ON tasks (tenant_id, due_date)',
      'CREATE INDEX tasks_created ON tasks (tenant_id, created_at)',
      'CREATE INDEX tasks_search ON tasks USING gin (search)',
    ],
  },
  {
    version: 2,
    // Tenants and subjects shared one namespace (a subject named "acme" read tenant acme's
    // data). Keys now say their kind. Which kind an old key was cannot be known: every
    // deployment with an auth layer this server documents sends a tenant, so old keys become
    // tenants; a subject-only deployment moves them with the UPDATE in the README.
    name: 'workspace keys name their kind: tenant:<id>, subject:<id>, anonymous',
    statements: [
      `UPDATE projects SET tenant_id = CASE WHEN tenant_id = 'default' THEN 'anonymous' ELSE 'tenant:' || tenant_id END`,
      `UPDATE tasks SET tenant_id = CASE WHEN tenant_id = 'default' THEN 'anonymous' ELSE 'tenant:' || tenant_id END`,
    ],
  },
  {
    version: 3,
    // The key store owns its table definition; running its migrate() here (once, under the
    // lock) means a cold start on an up-to-date database still costs one query.
    name: 'API keys (lambda-mcp/auth postgresKeyStore)',
    statements: [],
    apply: (tx) => tasksKeyStore(tx).migrate(),
  },
];

// An arbitrary constant: the advisory lock every instance takes while migrating, so that
// fifty Lambda cold starts at once apply each migration exactly once.
const MIGRATION_LOCK = 7_402_113;

/**
 * Applies the migrations this database has not seen yet; returns the versions applied.
 * An up-to-date database costs one query: only when something is pending does it take the
 * lock (so a burst of cold starts after a deploy does not queue on it) and check again.
 */
export async function migrate(driver: SqlDriver): Promise<number[]> {
  const recorded = await appliedVersions(driver);
  if (MIGRATIONS.every((migration) => recorded.has(migration.version))) return [];
  return driver.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.version)));
    const pending = MIGRATIONS.filter((m) => !applied.has(m.version));
    for (const migration of pending) {
      for (const statement of migration.statements) await tx.query(statement);
      await migration.apply?.(tx);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    }
    return pending.map((m) => m.version);
  });
}

/** The versions recorded so far, read without a lock; none when the table does not exist yet. */
async function appliedVersions(driver: SqlDriver): Promise<Set<number>> {
  try {
    const { rows } = await driver.query<{ version: number }>('SELECT version FROM schema_migrations');
    return new Set(rows.map((row) => Number(row.version)));
  } catch (error) {
    if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return new Set();
    throw error;
  }
}

const UNDEFINED_TABLE = '42P01';
