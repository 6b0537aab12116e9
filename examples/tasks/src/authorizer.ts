import { createApiKeyAuthorizer } from 'lambda-mcp/auth';
import { tasksKeyStore } from './access/key-store.ts';
import { API_KEY_HEADER } from './access/tasks-access.ts';
import { lambdaDatabase, lambdaLogger } from './lambda-database.ts';

/**
 * API Gateway REQUEST authorizer (REST, or HTTP API payload 1.0/2.0) for `handler.ts`: reads
 * the `x-api-key` header, checks it against the keys in the task database (same
 * `DATABASE_URL` / `DATABASE_SECRET_ARN` as the handler) and passes the key's tenant, key id
 * and scopes on in the context. Configure the authorizer with result caching off
 * (`resultTtlInSeconds: 0`) so a revoked key stops at once (see the README).
 */
export const handler = createApiKeyAuthorizer({
  store: tasksKeyStore(lambdaDatabase),
  header: API_KEY_HEADER,
  // The key id, never the key: which key was refused and why, for the log.
  onReject: (reason, keyId) => lambdaLogger.info('api key refused', { reason, keyId }),
});
