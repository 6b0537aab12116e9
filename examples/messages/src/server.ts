import { type AuthInfo, createServer, type Logger, type McpServer } from 'lambda-mcp';
import * as z from 'zod';
import type { MessageDatabase } from './database.ts';

export interface MessagesServerOptions {
  /** Opened once per execution environment and reused: pass a `lifespan`. */
  db: { get(): Promise<MessageDatabase> };
  logger?: Logger;
  /** Scopes a caller's token must carry to read or to post (OAuth); without them, any caller may. */
  scopes?: { read?: string; write?: string };
}

/**
 * The author of a post: the token's email (as people know each other), else its subject. An
 * email the issuer marks unverified (`email_verified: false`) is whatever the user typed at
 * sign-up, so it would let anyone post as someone else: the subject stands in for it.
 */
export function authorOf(auth: AuthInfo | undefined): string {
  const email = auth?.claims.email;
  const verified = auth?.claims.email_verified;
  const unverified = verified === false || verified === 'false';
  if (typeof email === 'string' && email !== '' && !unverified) return email;
  return auth?.subject ?? 'anonymous';
}

const requiring = (scope: string | undefined) => (scope ? { auth: { scopes: [scope] } } : {});

const messageOutput = z.object({
  id: z.number(),
  channel: z.string(),
  author: z.string(),
  text: z.string(),
  created_at: z.string(),
});

interface MessageRow {
  id: number | string;
  channel: string;
  author: string;
  text: string;
  created_at: Date;
}

const toMessage = (row: MessageRow) => ({
  ...row,
  id: Number(row.id),
  created_at: row.created_at.toISOString(),
});

const channel = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'must be 1-50 lowercase letters, digits, "-" or "_"')
  .default('general')
  .describe('Channel name, e.g. "general" (default) or "release-42"');

/** A message board: post and read messages by channel. The author comes from the caller's identity. */
export function createMessagesServer(options: MessagesServerOptions): McpServer {
  const server = createServer({
    name: 'lambda-mcp/messages',
    version: '1.0.0',
    title: 'Messages',
    description: 'A shared message board with channels, stored in Postgres.',
    ...(options.logger ? { logger: options.logger } : {}),
  });

  server.tool(
    'post_message',
    {
      title: 'Post message',
      description:
        'Post a message to a channel for the team to read. The author is the email of the signed-in caller ("anonymous" without sign-in).',
      input: z.object({
        text: z
          .string()
          .trim()
          .min(1, 'must not be empty')
          .max(4000, 'must be at most 4000 characters')
          .describe('The message'),
        channel,
      }),
      output: messageOutput,
      annotations: { destructiveHint: false, idempotentHint: false, openWorldHint: false },
      ...requiring(options.scopes?.write),
    },
    async ({ text, channel }, ctx) => {
      const author = authorOf(ctx.auth);
      const db = await options.db.get();
      const { rows } = await db.query<MessageRow>(
        'INSERT INTO messages (channel, author, text) VALUES ($1, $2, $3) RETURNING id, channel, author, text, created_at',
        [channel, author, text],
      );
      return toMessage(rows[0]!);
    },
  );

  server.tool(
    'get_messages',
    {
      title: 'Get messages',
      description:
        'Read the latest messages of a channel, newest first. For older ones pass before_id: the smallest id you have seen.',
      input: z.object({
        channel,
        limit: z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
        before_id: z.number().int().positive('must be a positive integer').optional(),
      }),
      output: z.object({ messages: z.array(messageOutput) }),
      annotations: { readOnlyHint: true, openWorldHint: false },
      ...requiring(options.scopes?.read),
    },
    async ({ channel, limit, before_id }) => {
      const db = await options.db.get();
      const { rows } = await db.query<MessageRow>(
        `SELECT id, channel, author, text, created_at FROM messages
         WHERE channel = $1 AND ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT ${limit}`,
        [channel, before_id ?? null],
      );
      return { messages: rows.map(toMessage) };
    },
  );

  return server;
}
