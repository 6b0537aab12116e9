import type { Queryable } from './driver.ts';

export interface Project {
  id: number;
  name: string;
  description: string;
  created_at: string;
  open_tasks: number;
  member_count: number;
}

const PROJECT_SELECT = `SELECT p.id, p.name, p.description, p.created_at,
    (SELECT count(*) FROM tasks t WHERE t.project_id = p.id AND t.status <> 'done') AS open_tasks,
    (SELECT count(*) FROM members m WHERE m.project_id = p.id) AS member_count
  FROM projects p`;

interface ProjectRow {
  id: number | string;
  name: string;
  description: string;
  created_at: Date;
  open_tasks: number | string;
  member_count: number | string;
}

function toProject(row: ProjectRow): Project {
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    created_at: row.created_at.toISOString(),
    open_tasks: Number(row.open_tasks),
    member_count: Number(row.member_count),
  };
}

/** Creates a project; `undefined` when the tenant already has one with that name (any case). */
export async function insertProject(
  db: Queryable,
  tenant: string,
  name: string,
  description: string,
): Promise<Project | undefined> {
  const { rows } = await db.query<{ id: number | string }>(
    `INSERT INTO projects (tenant_id, name, description) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, lower(name)) DO NOTHING RETURNING id`,
    [tenant, name, description],
  );
  return rows[0] ? findProject(db, tenant, Number(rows[0].id)) : undefined;
}

export async function findProject(db: Queryable, tenant: string, id: number): Promise<Project | undefined> {
  const { rows } = await db.query<ProjectRow>(`${PROJECT_SELECT} WHERE p.tenant_id = $1 AND p.id = $2`, [
    tenant,
    id,
  ]);
  return rows[0] ? toProject(rows[0]) : undefined;
}

/** The project tasks go to when create_task gets no project_id; one per workspace, by name (any case). */
export const INBOX_NAME = 'Inbox';
const INBOX_DESCRIPTION =
  'Tasks created without a project. Move them with update_task when they find a home.';

/** The workspace's Inbox project id, if it exists yet. */
export async function findInboxId(db: Queryable, tenant: string): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number | string }>(
    'SELECT id FROM projects WHERE tenant_id = $1 AND lower(name) = lower($2)',
    [tenant, INBOX_NAME],
  );
  return rows[0] ? Number(rows[0].id) : undefined;
}

/**
 * The workspace's Inbox project id, created on first use. Concurrent first calls race on the
 * unique (tenant_id, lower(name)) index: the losers' inserts wait for the winner, do
 * nothing, and their next statement (a new snapshot under READ COMMITTED) finds its row.
 */
export async function inboxId(db: Queryable, tenant: string): Promise<number> {
  const existing = await findInboxId(db, tenant);
  if (existing !== undefined) return existing;
  const { rows } = await db.query<{ id: number | string }>(
    `INSERT INTO projects (tenant_id, name, description) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, lower(name)) DO NOTHING RETURNING id`,
    [tenant, INBOX_NAME, INBOX_DESCRIPTION],
  );
  if (rows[0]) return Number(rows[0].id);
  const winner = await findInboxId(db, tenant);
  if (winner === undefined) throw new Error('the Inbox conflicted on insert but cannot be found');
  return winner;
}

export async function findProjectByName(
  db: Queryable,
  tenant: string,
  name: string,
): Promise<Project | undefined> {
  const { rows } = await db.query<ProjectRow>(
    `${PROJECT_SELECT} WHERE p.tenant_id = $1 AND lower(p.name) = lower($2)`,
    [tenant, name],
  );
  return rows[0] ? toProject(rows[0]) : undefined;
}

export async function listProjects(
  db: Queryable,
  tenant: string,
  page: { afterId?: number | undefined; limit: number },
): Promise<{ projects: Project[]; hasMore: boolean }> {
  // Keyset pagination by id: projects created between two pages never shift a later page.
  const { rows } = await db.query<ProjectRow>(
    `${PROJECT_SELECT} WHERE p.tenant_id = $1 AND p.id > $2 ORDER BY p.id LIMIT ${page.limit + 1}`,
    [tenant, page.afterId ?? 0],
  );
  return { projects: rows.slice(0, page.limit).map(toProject), hasMore: rows.length > page.limit };
}

export interface Member {
  project_id: number;
  user_id: string;
  display_name: string;
  role: string;
  added_at: string;
}

interface MemberRow extends Omit<Member, 'project_id' | 'added_at'> {
  project_id: number | string;
  added_at: Date;
}

const toMember = (row: MemberRow): Member => ({
  ...row,
  project_id: Number(row.project_id),
  added_at: row.added_at.toISOString(),
});

/** Adds a member, or updates the name and role of an existing one (adding twice is harmless). */
export async function upsertMember(
  db: Queryable,
  member: { projectId: number; userId: string; displayName: string; role: string },
): Promise<Member> {
  const { rows } = await db.query<MemberRow>(
    `INSERT INTO members (project_id, user_id, display_name, role) VALUES ($1, $2, $3, $4)
     ON CONFLICT (project_id, user_id) DO UPDATE SET display_name = excluded.display_name, role = excluded.role
     RETURNING project_id, user_id, display_name, role, added_at`,
    [member.projectId, member.userId, member.displayName, member.role],
  );
  return toMember(rows[0]!);
}

export async function listMembers(db: Queryable, projectId: number): Promise<Member[]> {
  const { rows } = await db.query<MemberRow>(
    'SELECT project_id, user_id, display_name, role, added_at FROM members WHERE project_id = $1 ORDER BY user_id',
    [projectId],
  );
  return rows.map(toMember);
}

export async function isMember(db: Queryable, projectId: number, userId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM members WHERE project_id = $1 AND user_id = $2', [
    projectId,
    userId,
  ]);
  return rows.length > 0;
}

export async function projectIdsStartingWith(
  db: Queryable,
  tenant: string,
  prefix: string,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id::text AS id FROM projects WHERE tenant_id = $1 AND id::text LIKE $2 ORDER BY id LIMIT 20`,
    [tenant, `${prefix.replace(/[^0-9]/g, '')}%`],
  );
  return rows.map((row) => row.id);
}
