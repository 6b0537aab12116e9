import { parseArgs } from 'node:util';
import { type ApiKeyInfo, createKey, type KeyStore, listKeys, revokeKey } from 'lambda-mcp/auth';
import { TASKS_SCOPES } from './scopes.ts';
import { API_KEY_HEADER } from './tasks-access.ts';

export const KEYS_USAGE = `Usage (from the repository root):
  npm run keys -w examples/tasks -- create --tenant <tenant> --scopes ${TASKS_SCOPES.join(',')} [--name <label>] [--subject <id>] [--expires-in-days <days>]
  npm run keys -w examples/tasks -- list [--tenant <tenant>]
  npm run keys -w examples/tasks -- revoke <keyId>

The same records as lambda-mcp keys --store pglite:.data/tasks (or --store "$DATABASE_URL").
What this script adds for the tasks server:
  - create needs --scopes and takes only this server's scopes (${TASKS_SCOPES.join(', ')}):
    lambda-mcp keys stores any names, or none: a misspelt scope grants nothing, and a key
    without a known scope is refused (403) on every call;
  - it finds the server's database itself: DATABASE_URL, else PGlite in TASKS_DATA_DIR or
    <repo>/.data/tasks (lambda-mcp keys needs --store or LAMBDA_MCP_KEY_STORE);
  - it brings the task schema up to date first, so it works on a database the server never
    opened (lambda-mcp keys: list and revoke refuse one, create makes only the key table).
lambda-mcp keys adds --json, revoke by the whole key, a status column, and file/DynamoDB stores.`;

/** `help`, `--help` or `-h` in place of a command: the usage, exit code 0. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h';
}

/** A mistake in the command line: printed with the usage, exit code 2. */
export class KeysUsageError extends Error {
  override name = 'KeysUsageError';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `keys create|list|revoke` over `store`, writing what the user reads to `print`. Returns
 * the exit code; throws KeysUsageError for a command line it cannot run.
 */
export async function runKeysCommand(
  argv: readonly string[],
  store: KeyStore,
  print: (line: string) => void,
): Promise<number> {
  const [command, ...rest] = argv;
  if (wantsHelp(argv)) {
    print(KEYS_USAGE);
    return 0;
  }
  if (command === 'create') return create(rest, store, print);
  if (command === 'list') return list(rest, store, print);
  if (command === 'revoke') return revoke(rest, store, print);
  throw new KeysUsageError(
    command === undefined ? 'Name a command.' : `Unknown command "${command}": use create, list or revoke.`,
  );
}

async function create(args: string[], store: KeyStore, print: (line: string) => void): Promise<number> {
  const { values } = parsed(() =>
    parseArgs({
      args,
      options: {
        tenant: { type: 'string' },
        scopes: { type: 'string' },
        name: { type: 'string' },
        subject: { type: 'string' },
        'expires-in-days': { type: 'string' },
      },
    }),
  );
  const tenant = values.tenant ?? '';
  if (tenant.trim() === '') throw new KeysUsageError('create needs --tenant: the workspace the key acts in.');
  // The tenant names the workspace as is: " acme " would make a key for a second, empty one.
  if (tenant !== tenant.trim()) {
    throw new KeysUsageError(
      `--tenant ${JSON.stringify(tenant)} starts or ends with a space: the key would act in another workspace than ${JSON.stringify(tenant.trim())}. Pass the tenant without them.`,
    );
  }
  // Empty entries (a trailing comma) are not scopes.
  const scopes = (values.scopes ?? '')
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
  if (scopes.length === 0) {
    throw new KeysUsageError(
      `create needs --scopes: ${TASKS_SCOPES.join(',')} for full access, ${TASKS_SCOPES[0]} to only read.`,
    );
  }
  const unknown = scopes.filter((scope) => !TASKS_SCOPES.includes(scope));
  if (unknown.length > 0) {
    throw new KeysUsageError(
      `Unknown scope ${unknown.join(', ')}: this server knows ${TASKS_SCOPES.join(', ')}.`,
    );
  }
  const days = values['expires-in-days'];
  if (days !== undefined && !/^[1-9][0-9]{0,4}$/.test(days)) {
    throw new KeysUsageError(`--expires-in-days must be a whole number of days from 1, got "${days}".`);
  }
  const { key, info } = await createKey(store, {
    tenant,
    name: values.name ?? 'cli',
    scopes: [...new Set(scopes)],
    ...(values.subject ? { subject: values.subject } : {}),
    ...(days ? { expiresInMs: Number(days) * DAY_MS } : {}),
  });
  print(`Created key ${info.keyId} for tenant ${info.tenant} (${describe(info)}).`);
  print(key);
  print(`Shown once: only its hash is stored. Clients send it in the ${API_KEY_HEADER} header.`);
  return 0;
}

async function list(args: string[], store: KeyStore, print: (line: string) => void): Promise<number> {
  const { values } = parsed(() => parseArgs({ args, options: { tenant: { type: 'string' } } }));
  const keys = await listKeys(store, values.tenant ? { tenant: values.tenant } : {});
  if (keys.length === 0) {
    print(values.tenant ? `No keys for tenant ${values.tenant}.` : 'No keys yet. Make one with create.');
    return 0;
  }
  for (const info of keys) print(`${info.keyId}  ${info.tenant}  ${describe(info)}`);
  return 0;
}

async function revoke(args: string[], store: KeyStore, print: (line: string) => void): Promise<number> {
  const { positionals } = parsed(() => parseArgs({ args, allowPositionals: true }));
  const [keyId, ...extra] = positionals;
  if (keyId === undefined || extra.length > 0)
    throw new KeysUsageError('revoke takes one key id (see list).');
  if (!(await revokeKey(store, keyId))) {
    print(`No key ${keyId}. Run list to see the key ids.`);
    return 1;
  }
  print(`Revoked key ${keyId}: requests with it are refused from now on.`);
  return 0;
}

/** parseArgs (strict: unknown options are refused) with its errors as usage errors. */
function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new KeysUsageError((error as Error).message);
  }
}

function describe(info: ApiKeyInfo): string {
  const parts = [
    `name ${info.name}`,
    `scopes ${info.scopes.join(' ') || '(none)'}`,
    `created ${info.createdAt}`,
  ];
  if (info.lastUsedAt) parts.push(`last used ${info.lastUsedAt}`);
  if (info.expiresAt) parts.push(`expires ${info.expiresAt}`);
  if (info.revokedAt) parts.push(`revoked ${info.revokedAt}`);
  return parts.join(', ');
}
