import { type RequestContext, ToolError } from 'lambda-mcp';
import { isUnavailable, type SqlDriver } from '../db/driver.ts';

/** How tools reach the database: usually a `lifespan`, opened on first use and then shared. */
export interface DatabaseHandle {
  get(): Promise<SqlDriver>;
}

export interface TasksDeps {
  db: DatabaseHandle;
}

/** Used when no auth layer is in front of the server: everyone shares one workspace. */
export const DEFAULT_TENANT = 'anonymous';

/**
 * Whose data a request sees, as the key stored in `tenant_id`: the caller's tenant, else
 * their own account, else the shared anonymous workspace. The kind is part of the key, so a
 * subject named "acme" and the tenant acme (or a subject named "anonymous") never meet.
 */
export function tenantOf(ctx: RequestContext): string {
  if (ctx.auth?.tenant !== undefined) return `tenant:${ctx.auth.tenant}`;
  if (ctx.auth?.subject !== undefined) return `subject:${ctx.auth.subject}`;
  return DEFAULT_TENANT;
}

/**
 * Runs `work` with the database and the caller's tenant. An unreachable database becomes a
 * SERVICE_UNAVAILABLE tool error the AI can wait out; the real error goes to the log only.
 */
export async function withDatabase<T>(
  deps: TasksDeps,
  ctx: RequestContext,
  work: (db: SqlDriver, tenant: string) => Promise<T>,
): Promise<T> {
  try {
    return await work(await deps.db.get(), tenantOf(ctx));
  } catch (error) {
    if (error instanceof ToolError || !isUnavailable(error)) throw error;
    ctx.logger.error('database unavailable', { method: ctx.method, requestId: ctx.requestId, error });
    throw new ToolError(
      'The task database is not reachable right now. Try again in a few seconds; retrying create_task with the same idempotency_key never creates a duplicate.',
      { code: 'SERVICE_UNAVAILABLE' },
    );
  }
}
