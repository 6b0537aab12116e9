import type { ApiKeyInfo } from 'lambda-mcp/auth';
import { CliError, EXIT, usageError } from '../cli-error.ts';
import type { Command, CommandIo } from '../command.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { keyTable } from './describe-key.ts';
import { describeKeyStore, type KeyStoreSpec, parseKeyStoreSpec, STORE_FORMS } from './key-store-spec.ts';
import type { OpenKeyStore } from './open-key-store.ts';

const STORE_ENV = 'LAMBDA_MCP_KEY_STORE';
const SUBCOMMANDS = ['create', 'list', 'revoke'];
const DAY_MS = 24 * 60 * 60 * 1000;

const help = `Usage: lambda-mcp keys create --tenant <tenant> [--name <label>] [--scopes <a,b>] [options]
       lambda-mcp keys list [--tenant <tenant>] [options]
       lambda-mcp keys revoke <keyId> [options]

API keys for lambda-mcp/auth's apiKeyAuth and API key authorizer, in the key store
your server reads. create prints the key once on stdout (lmcp_<keyId>_<secret>); only
its SHA-256 is stored. A revoked key is refused from its next request.

Key stores (--store, or the ${STORE_ENV} environment variable):
  file:<path>           a JSON file for local use: the records memoryKeyStore takes
  dynamodb:<table>      a table with partition key keyId (string); region, credentials
                        and AWS_ENDPOINT_URL_DYNAMODB come from the AWS environment
  postgres://<url>      table lambda_mcp_api_keys (create makes it); needs the pg package
  pglite:<dir>          the same table in a PGlite (embedded Postgres) data directory, such
                        as a local server's; needs @electric-sql/pglite

Options:
  --store <store>            where the keys are (see above)
  --tenant <tenant>          the tenant a new key acts for; list: only this tenant's keys
  --name <label>             create: a label for people ("ci", "alice laptop"; default cli)
  --scopes <scopes>          create: granted scopes, comma- or space-separated
  --subject <id>             create: the principal the key stands for (default its key id)
  --expires-in-days <days>   create: the key stops working after this many days
  --json                     print JSON: create {key, keyId, ...}, list [...], revoke {keyId}
  -h, --help                 show this help
`;

export const keysCommand: Command = {
  help,
  async run(argv, io) {
    const [subcommand, ...rest] = argv;
    if (subcommand === undefined || subcommand.startsWith('-')) {
      throw usageError(
        'name a subcommand: create, list or revoke. Run lambda-mcp keys --help for its usage.',
      );
    }
    if (!SUBCOMMANDS.includes(subcommand)) {
      throw usageError(`unknown subcommand "${subcommand}": use create, list or revoke.`);
    }
    const { values, positionals } = parseCommandArgs(
      `keys ${subcommand}`,
      rest,
      {
        store: { type: 'string' },
        tenant: { type: 'string' },
        name: { type: 'string' },
        scopes: { type: 'string' },
        subject: { type: 'string' },
        'expires-in-days': { type: 'string' },
        json: { type: 'boolean' },
      },
      subcommand === 'revoke' ? 1 : 0,
    );
    const onlyFor = (option: string, allowed: string[]) => {
      if (values[option as keyof typeof values] !== undefined && !allowed.includes(subcommand)) {
        throw usageError(
          `--${option} does not apply to keys ${subcommand}. Run lambda-mcp keys --help for its usage.`,
        );
      }
    };
    onlyFor('tenant', ['create', 'list']);
    for (const option of ['name', 'scopes', 'subject', 'expires-in-days']) onlyFor(option, ['create']);

    const spec = storeSpec(values.store);
    const json = values.json === true;
    if (subcommand === 'create') {
      const options = createOptions(values);
      return withStore(
        spec,
        async (open, { createKey }) => {
          await open.prepare();
          const { key, info } = await createKey(open.store, options);
          return printCreated(key, info, spec, json, io);
        },
        true,
      );
    }
    if (subcommand === 'list') {
      if (values.tenant === '') {
        throw usageError(
          '--tenant is empty: name the tenant whose keys to list, e.g. --tenant acme, or leave it out for all',
        );
      }
      return withStore(spec, async (open, { listKeys }) => {
        const keys = await listKeys(open.store, values.tenant === undefined ? {} : { tenant: values.tenant });
        return printList(keys, values.tenant, spec, json, io);
      });
    }
    const keyId = keyIdOf(positionals[0]);
    return withStore(spec, async (open, { revokeKey }) => {
      if (!(await revokeKey(open.store, keyId))) {
        throw new CliError(
          `no key ${keyId} in ${describeKeyStore(spec)}. Run lambda-mcp keys list to see the key ids.`,
        );
      }
      io.stdout.write(
        json
          ? `${JSON.stringify({ keyId, revoked: true })}\n`
          : `revoked key ${keyId}: requests with it are refused from now on\n`,
      );
      return EXIT.ok;
    });
  },
};

function storeSpec(option: string | undefined): KeyStoreSpec {
  if (option !== undefined) return parseKeyStoreSpec(option, '--store');
  const fromEnv = process.env[STORE_ENV];
  if (fromEnv) return parseKeyStoreSpec(fromEnv, STORE_ENV);
  throw usageError(`no key store: pass --store (${STORE_FORMS}) or set ${STORE_ENV}`);
}

function createOptions(values: {
  tenant?: string | undefined;
  name?: string | undefined;
  scopes?: string | undefined;
  subject?: string | undefined;
  'expires-in-days'?: string | undefined;
}) {
  if (!values.tenant) {
    throw usageError('create needs --tenant: the account or workspace the key acts for, e.g. --tenant acme');
  }
  const days = values['expires-in-days'];
  if (days !== undefined && !/^[1-9][0-9]{0,4}$/.test(days)) {
    throw usageError(`--expires-in-days must be a whole number of days from 1, not "${days}"`);
  }
  const scopes = [...new Set((values.scopes ?? '').split(/[\s,]+/).filter((scope) => scope !== ''))];
  return {
    tenant: values.tenant,
    name: values.name ?? 'cli',
    scopes,
    ...(values.subject ? { subject: values.subject } : {}),
    ...(days ? { expiresInMs: Number(days) * DAY_MS } : {}),
  };
}

/** The key id to revoke; the whole key is accepted too (its id is the public middle part). */
function keyIdOf(argument: string | undefined): string {
  if (argument === undefined) {
    throw usageError('revoke needs the key id. Run lambda-mcp keys list to see them.');
  }
  // The key format is lambda-mcp/auth's `<prefix>_<keyId>_<secret>`: the id is the part between.
  const keyId = /^[a-z][a-z0-9]{1,15}_([0-9a-f]{16})_[A-Za-z0-9_-]{43}$/.exec(argument)?.[1] ?? argument;
  if (!/^[0-9a-f]{16}$/.test(keyId)) {
    throw usageError(`"${argument}" is not a key id (16 hex digits). Run lambda-mcp keys list to see them.`);
  }
  return keyId;
}

type Auth = typeof import('lambda-mcp/auth');

/**
 * Opens the store, runs `action`, closes it; a store failure becomes one line. lambda-mcp/auth
 * and the store modules load here, not at import: `lambda-mcp keys --help` does not pay for them.
 */
async function withStore(
  spec: KeyStoreSpec,
  action: (open: OpenKeyStore, auth: Auth) => Promise<number>,
  mayCreate = false,
): Promise<number> {
  const [auth, { explainKeyStoreError, openKeyStore }] = await Promise.all([
    import('lambda-mcp/auth'),
    import('./open-key-store.ts'),
  ]);
  const open = await openKeyStore(spec, mayCreate);
  try {
    return await action(open, auth);
  } catch (error) {
    throw explainKeyStoreError(spec, error);
  } finally {
    await open.close().catch(() => {});
  }
}

function printCreated(
  key: string,
  info: ApiKeyInfo,
  spec: KeyStoreSpec,
  json: boolean,
  io: CommandIo,
): number {
  if (json) {
    io.stdout.write(`${JSON.stringify({ key, ...info }, null, 2)}\n`);
    return EXIT.ok;
  }
  // The key alone on stdout, so `lambda-mcp keys create ... > key.txt` keeps nothing else.
  io.stdout.write(`${key}\n`);
  const scopes = info.scopes.length > 0 ? `scopes ${info.scopes.join(' ')}` : 'no scopes';
  const expires = info.expiresAt ? `, expires ${info.expiresAt}` : '';
  io.stderr.write(
    `created key ${info.keyId} for tenant ${info.tenant} (${info.name}, ${scopes}${expires}) in ${describeKeyStore(spec)}. ` +
      'It is shown once: only its hash is stored. Clients send it in the x-api-key header.\n',
  );
  return EXIT.ok;
}

function printList(
  keys: ApiKeyInfo[],
  tenant: string | undefined,
  spec: KeyStoreSpec,
  json: boolean,
  io: CommandIo,
): number {
  if (json) {
    io.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
  } else if (keys.length === 0) {
    const whose = tenant === undefined ? '' : ` for tenant ${tenant}`;
    io.stderr.write(`no keys${whose} in ${describeKeyStore(spec)}. Make one with lambda-mcp keys create.\n`);
  } else {
    io.stdout.write(`${keyTable(keys)}\n`);
  }
  return EXIT.ok;
}
