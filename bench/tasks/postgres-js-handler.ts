/**
 * The shipped tasks Lambda entry (`examples/tasks/src/handler.ts`, same server and access
 * rules) with its database on postgres.js instead of `pg`: what `src/lambda-database.ts`
 * gives with `lambdaDatabaseThrough(postgresJsClient)`.
 */
import { createHandler } from 'lambda-mcp/lambda';
import { tasksAccess } from '../../examples/tasks/src/access/tasks-access.ts';
import { postgresJsClient } from '../../examples/tasks/src/db/postgres-client.ts';
import { lambdaDatabaseThrough, lambdaLogger } from '../../examples/tasks/src/lambda-database.ts';
import { createTasksServer } from '../../examples/tasks/src/server.ts';

const db = lambdaDatabaseThrough(postgresJsClient);
export const handler = createHandler(
  createTasksServer({ db, logger: lambdaLogger }),
  tasksAccess(process.env, { db }).options,
);
