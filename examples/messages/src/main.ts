import { fileURLToPath } from 'node:url';
import { createJsonLogger, lifespan } from 'lambda-mcp';
import { serve } from 'lambda-mcp/node';
import { messagesAccess } from './auth-config.ts';
import { openMessageDatabase } from './database.ts';
import { createMessagesServer } from './server.ts';

const logger = createJsonLogger({ service: 'messages' });
// Created on the first request, then shared by every request of this process (or Lambda environment).
const db = lifespan(
  () =>
    openMessageDatabase({
      databaseUrl: process.env.DATABASE_URL || undefined,
      dataDir:
        process.env.MESSAGES_DATA_DIR ?? fileURLToPath(new URL('../../../.data/messages', import.meta.url)),
      onPoolError: (error) => logger.warn('idle database connection lost', { error }),
    }),
  { dispose: (database) => database.close() },
);

const port = Number(process.env.PORT ?? 3001);
// Port 0 picks a free port, so the URL (the tokens' audience) is unknown until listening.
const access = messagesAccess(process.env, port === 0 ? undefined : `http://127.0.0.1:${port}/mcp`);

// On Ctrl+C or SIGTERM, serve lets in-flight requests finish and closes the database (disposeAll).
const running = await serve(createMessagesServer({ db, logger, scopes: access.scopes }), {
  port,
  ...(access.auth ? { auth: access.auth } : {}),
});
console.log(`messages MCP server on ${running.url} (${access.summary})`);
