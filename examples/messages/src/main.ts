import { fileURLToPath } from 'node:url';
import { createJsonLogger, lifespan } from 'lambda-mcp';
import { serve } from 'lambda-mcp/node';
import { type MessagesAccess, messagesAccess } from './auth-config.ts';
import { openMessageDatabase } from './database.ts';
import { createMessagesServer } from './server.ts';

/** A configuration the server cannot run with: one line saying what to fix, exit code 1. */
function fail(message: string): never {
  console.error(`messages: ${message}`);
  process.exit(1);
}
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

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

const portSetting = process.env.PORT || '3001';
const port = Number(portSetting);
if (!/^\d+$/.test(portSetting) || port > 65535) fail(`PORT=${portSetting} is not a port number (0-65535)`);
let access: MessagesAccess;
try {
  // Port 0 picks a free port, so the URL (the tokens' audience) is unknown until listening.
  access = messagesAccess(process.env, port === 0 ? undefined : `http://127.0.0.1:${port}/mcp`);
} catch (error) {
  fail(messageOf(error));
}
if (access.auth) {
  // Discovery and the issuer's keys now: an issuer that cannot be reached is a startup error
  // here, not a server that answers every request 503.
  const issuer = process.env.OIDC_PRESET
    ? `OIDC_PRESET=${process.env.OIDC_PRESET}`
    : `OIDC_ISSUER=${process.env.OIDC_ISSUER}`;
  await access.auth.verify
    .prepare()
    .catch((error: unknown) => fail(`cannot load the keys of ${issuer}: ${messageOf(error)}`));
}

// On Ctrl+C or SIGTERM, serve lets in-flight requests finish and closes the database (disposeAll).
const running = await serve(createMessagesServer({ db, logger, scopes: access.scopes }), {
  port,
  ...(access.auth ? { auth: access.auth } : {}),
});
console.log(`messages MCP server on ${running.url} (${access.summary})`);
