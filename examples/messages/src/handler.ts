import { createJsonLogger, lifespan } from 'lambda-mcp';
import { createHandler } from 'lambda-mcp/lambda';
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

export const handler = createHandler(createMessagesServer({ db, logger }));
