import { type RequestContext, ToolError } from 'lambda-mcp';
import { isAnonymousCaller } from '../access/anonymous-caller.ts';
import { isUnavailable, type Queryable, type SqlDriver } from '../db/driver.ts';
import { DeadlinePassedError } from '../db/statement-limits.ts';
import { rolledBack } from './tool-errors.ts';

/** How tools reach the database: usually a `lifespan`, opened on first use and then shared. */
export interface DatabaseHandle {
  get(): Promise<SqlDriver>;
}

export interface TasksDeps {
  db: DatabaseHandle;
}

/** Used when no auth layer is in front of the server (`anonymousCaller`): everyone shares one workspace. */
export const DEFAULT_TENANT = 'anonymous';

/**
 * Whose data a request sees, as the key stored in `tenant_id`: the caller's tenant, else
 * their own account, else the shared anonymous workspace. The kind is part of the key, so a
 * subject named "acme" and the tenant acme (or a subject named "anonymous") never meet.
 */
export function tenantOf(ctx: RequestContext): string {
  if (ctx.auth === undefined || isAnonymousCaller(ctx.auth)) return DEFAULT_TENANT;
  return workspaceOf(ctx.auth);
}

/** The workspace of an identified caller: its key's tenant, else its own subject. The REST API's too. */
export function workspaceOf(auth: { tenant?: string | undefined; subject: string }): string {
  return auth.tenant !== undefined ? `tenant:${auth.tenant}` : `subject:${auth.subject}`;
}

/**
 * How long after `ctx.deadline` (when the framework aborts the handler) a statement may
 * still run. The framework then waits half its deadline margin (500 ms by default) for the
 * handler to confirm it stopped: the abort cancels the running statement at once, and a
 * statement the cancel did not reach is stopped by Postgres itself (statement_timeout)
 * 250 ms later, still inside that wait, so the answer can say the work stopped.
 */
export const STATEMENT_GRACE_MS = 250;

/**
 * Runs `work` in one transaction with the caller's tenant, bound to the request: aborting
 * the request (the client left, the deadline came) cancels the running statement and rolls
 * back, so a tool that answers TIMEOUT has changed nothing. An unreachable database becomes
 * a SERVICE_UNAVAILABLE tool error the AI can wait out; the real error goes to the log only.
 */
export async function withDatabase<T>(
  deps: TasksDeps,
  ctx: RequestContext,
  work: (db: Queryable, tenant: string) => Promise<T>,
): Promise<T> {
  const limits = {
    signal: ctx.signal,
    deadline: ctx.deadline === undefined ? undefined : ctx.deadline + STATEMENT_GRACE_MS,
  };
  try {
    const driver = await deps.db.get();
    return await driver.transaction((tx) => work(tx, tenantOf(ctx)), limits);
  } catch (error) {
    if (error instanceof DeadlinePassedError) throw rolledBack();
    if (error instanceof ToolError || !isUnavailable(error)) throw error;
    ctx.logger.error('database unavailable', { method: ctx.method, requestId: ctx.requestId, error });
    throw new ToolError(
      'The task database is not reachable right now. Try again in a few seconds; retrying create_task with the same idempotency_key never creates a duplicate.',
      { code: 'SERVICE_UNAVAILABLE' },
    );
  }
}
