import { usageError } from '../cli-error.ts';

/** Where `lambda-mcp keys` keeps keys, as named by `--store` or LAMBDA_MCP_KEY_STORE. */
export type KeyStoreSpec =
  | { kind: 'file'; path: string }
  | { kind: 'dynamodb'; table: string }
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dir: string };

export const STORE_FORMS = 'file:PATH, dynamodb:TABLE, postgres://USER@HOST/DB or pglite:DIR';

/** Parses a store name; anything else is a usage error that lists the forms. */
export function parseKeyStoreSpec(spec: string, from: string): KeyStoreSpec {
  const bad = (why: string) => usageError(`${from} "${spec}" ${why}. Use ${STORE_FORMS}`);
  if (spec.startsWith('file:')) {
    const path = spec.slice('file:'.length);
    if (path === '') throw bad('names no file');
    return { kind: 'file', path };
  }
  if (spec.startsWith('pglite:')) {
    const dir = spec.slice('pglite:'.length);
    if (dir === '') throw bad('names no directory');
    return { kind: 'pglite', dir };
  }
  if (spec.startsWith('dynamodb:')) {
    const table = spec.slice('dynamodb:'.length);
    // DynamoDB's own rule for table names: 3 to 255 of these characters.
    if (!/^[A-Za-z0-9_.-]{3,255}$/.test(table)) throw bad('is not a DynamoDB table name');
    return { kind: 'dynamodb', table };
  }
  // A connection URL as it is, or behind the `postgres:` prefix the other stores have.
  const url = /^postgres(ql)?:\/\//.test(spec)
    ? spec
    : spec.startsWith('postgres:')
      ? spec.slice(9)
      : undefined;
  if (url === undefined) throw bad('is not a key store');
  // No host in the URL is fine when ?host= names one, or a Unix socket's directory (pg reads it).
  const parsed = /^postgres(ql)?:\/\//.test(url) && URL.canParse(url) ? new URL(url) : undefined;
  if (parsed === undefined || (parsed.hostname === '' && !parsed.searchParams.get('host'))) {
    throw bad('is not a Postgres connection URL');
  }
  return { kind: 'postgres', url };
}

/** The store as it may be printed: a Postgres URL without its passwords. */
export function describeKeyStore(spec: KeyStoreSpec): string {
  if (spec.kind === 'file') return `file:${spec.path}`;
  if (spec.kind === 'dynamodb') return `dynamodb:${spec.table}`;
  if (spec.kind === 'pglite') return `pglite:${spec.dir}`;
  const url = new URL(spec.url);
  url.password = '';
  // pg also takes the password (and the SSL key's) as a query parameter.
  // Deleting re-encodes the query (a socket's / becomes %2F): only when there is one to delete.
  for (const secret of ['password', 'sslpassword']) {
    if (url.searchParams.has(secret)) url.searchParams.delete(secret);
  }
  return url.href;
}
