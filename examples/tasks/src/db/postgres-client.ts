import type { SqlDriver } from './driver.ts';
import type { PostgresServerOptions } from './postgres-server-options.ts';

/**
 * Opens a driver on a Postgres server through one client library. Each imports its library
 * on first use, so a bundle holds only the clients its entry names (a bundler hoists
 * postgres.js's Node built-ins, `tls` among them, to the bundle's first line).
 */
export type PostgresClient = (options: PostgresServerOptions) => Promise<SqlDriver>;

/** `pg` (node-postgres): the default everywhere, the Lambda entry included (BENCHMARKS.md, section 2). */
export const pgClient: PostgresClient = async (options) =>
  (await import('./pg-driver.ts')).createPgDriver(options);

/**
 * postgres.js (`postgres`), with the semantics of the `pg` driver. Its cold start is about
 * as fast as `pg`'s on plain TCP and a few milliseconds faster over TLS, but each statement
 * with parameters takes two round trips instead of one (it asks the server for the
 * parameter types first). BENCHMARKS.md, section 2.
 */
export const postgresJsClient: PostgresClient = async (options) =>
  (await import('./postgres-js-driver.ts')).createPostgresJsDriver(options);
