import { type PostgresClient, pgClient, postgresJsClient } from '../src/db/postgres-client.ts';

/** A client library as the tests name it: `id` goes into the names of its databases. */
export interface NamedPostgresClient {
  name: string;
  id: string;
  client: PostgresClient;
}

/** The client libraries the server can reach a Postgres server with; each real-Postgres suite runs on both. */
export const POSTGRES_CLIENTS: readonly NamedPostgresClient[] = [
  { name: 'pg', id: 'pg', client: pgClient },
  { name: 'postgres.js', id: 'postgresjs', client: postgresJsClient },
];
