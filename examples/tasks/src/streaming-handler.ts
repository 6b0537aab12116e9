import { createStreamingHandler } from 'lambda-mcp/lambda';
import { tasksAccess } from './access/tasks-access.ts';
import { lambdaDatabase, lambdaLogger } from './lambda-database.ts';
import { createTasksServer } from './server.ts';

/**
 * AWS Lambda entry for a Function URL (or REST API) in `RESPONSE_STREAM` mode: the same
 * server and access rules as `handler.ts`, answering through `awslambda.streamifyResponse`.
 * On a Function URL there is no authorizer: deploy it with `TASKS_API_KEYS=required`.
 */
export const handler = createStreamingHandler(
  createTasksServer({ db: lambdaDatabase, logger: lambdaLogger }),
  tasksAccess(process.env, { db: lambdaDatabase }).options,
);
