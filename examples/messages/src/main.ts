import { fileURLToPath } from 'node:url';
import { createJsonLogger, lifespan } from 'lambda-mcp';
import { serve } from 'lambda-mcp/node';
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

// On Ctrl+C or SIGTERM, serve lets in-flight requests finish and closes the database (disposeAll).
const running = await serve(createMessagesServer({ db, logger }), { port: Number(process.env.PORT ?? 3001) });
console.log(`messages MCP server on ${running.url}`);
