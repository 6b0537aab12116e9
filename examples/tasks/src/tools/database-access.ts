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
export const DEFAULT_TENANT = 'default';

/** Whose data a request sees: the caller's tenant (or their own account), else the default workspace. */
export function tenantOf(ctx: RequestContext): string {
  return ctx.auth?.tenant ?? ctx.auth?.subject ?? DEFAULT_TENANT;
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
