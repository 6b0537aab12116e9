import { dynamoKeyStore, type KeyStore, postgresKeyStore } from 'lambda-mcp/auth';
import { CliError } from '../cli-error.ts';
import { fileKeyStore } from './file-key-store.ts';
import { describeKeyStore, type KeyStoreSpec } from './key-store-spec.ts';

/** An open key store; `prepare` makes it ready to take a new key (Postgres creates its table). */
export interface OpenKeyStore {
  store: KeyStore;
  prepare(): Promise<void>;
  close(): Promise<void>;
}

/** The part of `pg` used here; the module is loaded by name so it stays an optional peer. */
interface PgClient {
  connect(): Promise<unknown>;
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
interface PgModule {
  default: {
    Client: new (config: { connectionString: string; connectionTimeoutMillis: number }) => PgClient;
  };
}

const PG = 'pg';
const CONNECT_TIMEOUT_MS = 10_000;

/** Opens the store `spec` names; `mayCreate`: the command may start a new database (create). */
export async function openKeyStore(spec: KeyStoreSpec, mayCreate: boolean): Promise<OpenKeyStore> {
  const nothing = async () => {};
  if (spec.kind === 'pglite') {
    const { openPgliteKeyStore } = await import('./pglite-key-store.ts');
    return openPgliteKeyStore(spec.dir, mayCreate);
  }
  if (spec.kind === 'file') return { store: fileKeyStore(spec.path), prepare: nothing, close: nothing };
  // The SDK is loaded by lambda-mcp on first use, with its own message when it is missing; the
  // client reads region, credentials and AWS_ENDPOINT_URL_DYNAMODB from the environment.
  if (spec.kind === 'dynamodb') {
    return { store: dynamoKeyStore({ tableName: spec.table }), prepare: nothing, close: nothing };
  }
  let pg: PgModule;
  try {
    pg = (await import(PG)) as PgModule;
  } catch {
    throw new CliError(
      'the Postgres key store needs the pg package, which is not installed. Install it beside the CLI: npm install --save-dev pg',
    );
  }
  const client = new pg.default.Client({
    connectionString: spec.url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // A connection dropped while idle is reported by the next query; without a listener it would crash.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw explainKeyStoreError(spec, error);
  }
  const store = postgresKeyStore({ query: (sql, params) => client.query(sql, params) });
  return { store, prepare: () => store.migrate(), close: () => client.end() };
}

/**
 * One line for a store that failed: what the store said, and what to do about it. Errors that
 * are not the store's (a bug of ours) are returned as they are, to be reported with their stack.
 */
export function explainKeyStoreError(spec: KeyStoreSpec, error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof CliError) return error;
  const where = describeKeyStore(spec);
  const { code, $metadata } = error as Error & { code?: string; $metadata?: unknown };
  if (error.message.includes('optional peer dependency')) return new CliError(error.message);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
    return new CliError(
      `cannot reach ${where} (${error.message}). Is the server running, and the address right?`,
    );
  }
  if (spec.kind === 'postgres' || spec.kind === 'pglite') {
    if (code === '42P01') {
      return new CliError(`${where} has no API key table yet: lambda-mcp keys create makes it.`);
    }
    if (code !== undefined || error.message.includes('timeout')) {
      return new CliError(
        `${spec.kind === 'pglite' ? 'PGlite' : 'Postgres'} at ${where} refused: ${error.message}`,
      );
    }
  }
  if (spec.kind === 'dynamodb') {
    if (error.name === 'ResourceNotFoundException') {
      const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'the configured region';
      return new CliError(
        `DynamoDB table "${spec.table}" does not exist in ${region}. Create it with partition key keyId (string), or name another table.`,
      );
    }
    if (error.name === 'CredentialsProviderError') {
      return new CliError(
        `no AWS credentials for ${where}: set AWS_PROFILE or AWS_ACCESS_KEY_ID, or run aws sso login.`,
      );
    }
    // The SDK's own words name neither the store nor what to set.
    if (error.message.includes('Region is missing')) {
      return new CliError(
        `no AWS region for ${where}: set AWS_REGION, or AWS_PROFILE to a profile with a region.`,
      );
    }
    if ($metadata !== undefined) {
      return new CliError(`DynamoDB refused (${error.name}): ${error.message}`);
    }
  }
  return error;
}
