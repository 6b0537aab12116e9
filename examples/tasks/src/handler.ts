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
