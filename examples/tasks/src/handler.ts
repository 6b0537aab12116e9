import { createHandler } from 'lambda-mcp/lambda';
import { tasksAccess } from './access/tasks-access.ts';
import { lambdaDatabase, lambdaLogger } from './lambda-database.ts';
import { createTasksServer } from './server.ts';

/**
 * AWS Lambda entry point (API Gateway, Function URL or ALB). Who may call:
 * - behind an API Gateway REQUEST authorizer (`authorizer.ts`): the identity arrives in
 *   `requestContext.authorizer`; its tenant picks the workspace and its scopes the tools;
 * - a Function URL without an authorizer: `TASKS_API_KEYS=required` checks API keys here;
 * - neither: anonymous, every tool, one shared workspace (trying it out only).
 */
export const handler = createHandler(
  createTasksServer({ db: lambdaDatabase, logger: lambdaLogger }),
  tasksAccess(process.env, { db: lambdaDatabase }).options,
);

// On a Postgres server, the connection is opened during init, not awaited: its round trips
// run while the runtime fetches the first event, which then finds it open or nearly so
// (36.4 against 38.2 ms to the first answer with --code-cache, BENCHMARKS.md section 2).
// Not awaited, so the bundle keeps no top-level await (--code-cache needs none); a failure
// here is retried, and answered, by the first request that needs the database. PGlite (no
// URL) stays lazy: it costs ~0.5 s, which a request that needs no database should not pay.
if (process.env.DATABASE_URL || process.env.DATABASE_SECRET_ARN) lambdaDatabase.get().catch(() => {});
