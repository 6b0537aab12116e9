/** The RDS / Aurora secret shape Secrets Manager generates for a database ("Credentials for Amazon RDS"). */
interface RdsSecret {
  username?: unknown;
  password?: unknown;
  host?: unknown;
  port?: unknown;
  dbname?: unknown;
}

/**
 * A connection string from a secret's text: either a URL as is, or an RDS-style JSON
 * secret (`username`, `password`, `host`, `port`, `dbname`). TLS is required for RDS.
 * `host`, when given, replaces the secret's host: an RDS Proxy takes the database's own
 * credentials at its own endpoint.
 */
export function connectionStringFromSecret(secret: string, host?: string): string {
  const trimmed = secret.trim();
  if (/^postgres(ql)?:\/\//.test(trimmed)) {
    if (host === undefined) return trimmed;
    const url = new URL(trimmed);
    setHost(url, host, 'DATABASE_HOST');
    return url.toString();
  }
  let fields: RdsSecret;
  try {
    fields = JSON.parse(trimmed) as RdsSecret;
  } catch {
    throw new Error('The database secret is neither a postgres:// URL nor JSON');
  }
  if (
    typeof fields.username !== 'string' ||
    typeof fields.password !== 'string' ||
    typeof fields.host !== 'string'
  ) {
    throw new Error('The database secret JSON needs string username, password and host');
  }
  const url = new URL('postgres://placeholder');
  url.username = encodeURIComponent(fields.username);
  url.password = encodeURIComponent(fields.password);
  setHost(url, host ?? fields.host, host === undefined ? "the secret's host" : 'DATABASE_HOST');
  url.port = String(fields.port ?? 5432);
  url.pathname = `/${encodeURIComponent(typeof fields.dbname === 'string' ? fields.dbname : 'postgres')}`;
  url.searchParams.set('sslmode', 'require');
  return url.toString();
}

/** The URL's host setter ignores what it cannot use (a port, a slash): say so instead. */
function setHost(url: URL, host: string, what: string): void {
  url.hostname = host;
  if (url.hostname !== host.toLowerCase()) {
    throw new Error(`${what} must be a host name alone, without a port or path: "${host}"`);
  }
}

/**
 * `DATABASE_URL`, else the secret named by `DATABASE_SECRET_ARN` (at `DATABASE_HOST` when
 * set: an RDS Proxy endpoint), else none (PGlite). The AWS SDK is imported only when a
 * secret is configured, so other cold starts skip its cost.
 */
export async function resolveDatabaseUrl(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const secretArn = env.DATABASE_SECRET_ARN;
  if (!secretArn) return undefined;
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!SecretString) throw new Error(`Secret ${secretArn} has no SecretString`);
    return connectionStringFromSecret(SecretString, env.DATABASE_HOST || undefined);
  } finally {
    client.destroy();
  }
}
