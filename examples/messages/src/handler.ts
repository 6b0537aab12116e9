import { createJsonLogger, lifespan } from 'lambda-mcp';
import { createHandler } from 'lambda-mcp/lambda';
import { messagesAccess } from './auth-config.ts';
import { openMessageDatabase } from './database.ts';
import { createMessagesServer } from './server.ts';

/** AWS Lambda entry: one Postgres connection per execution environment, opened on first use. */
const logger = createJsonLogger({ service: 'messages' });
const db = lifespan(
  () =>
    openMessageDatabase({
      databaseUrl: process.env.DATABASE_URL || undefined,
      // Without DATABASE_URL: PGlite in /tmp, gone with the environment (for trying it out).
      dataDir: process.env.MESSAGES_DATA_DIR ?? '/tmp/messages-pglite',
      onPoolError: (error) =>
        logger.warn('idle database connection lost; the next query reconnects', { error }),
    }),
  { dispose: (database) => database.close() },
);

// Same configuration as the node server; a Lambda does not know its URL, so OIDC needs MCP_RESOURCE_URL.
const access = messagesAccess(process.env);
if (access.auth) {
  // Discovery and the JWKS during init (billed once), not in the first request. An unreachable
  // issuer is not fatal here: each request retries, and answers 503 while it stays unreachable.
  await access.auth.verify
    .prepare()
    .catch((error: unknown) => logger.warn('could not load the issuer keys at init', { error }));
}

export const handler = createHandler(createMessagesServer({ db, logger, scopes: access.scopes }), {
  ...(access.auth ? { auth: access.auth } : {}),
});
