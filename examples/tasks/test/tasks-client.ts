import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { type AuthInfo, type Logger, silentLogger } from 'lambda-mcp';
import { serve } from 'lambda-mcp/node';
import type { SqlDriver } from '../src/db/driver.ts';
import { createTasksServer } from '../src/server.ts';
import type { DatabaseHandle } from '../src/tools/database-access.ts';

export interface CallResult {
  isError: boolean;
  text: string;
  structured: Record<string, unknown>;
  code: string | undefined;
}

/** A tasks server on a loopback port and the official 2.x client speaking 2026-07-28 to it. */
export interface TasksHarness {
  url: string;
  /** A client; `tenant` sets the caller's tenant through the test's auth hook. */
  client(tenant?: string): Promise<Client>;
  call(name: string, args: Record<string, unknown>, tenant?: string): Promise<CallResult>;
  close(): Promise<void>;
}

/** The header the tests name the caller's tenant with; each host turns it into `ctx.auth`. */
export const TENANT_HEADER = 'x-test-tenant';

/**
 * Starts the server over `db` on the node adapter. Auth is a header read by the
 * `authenticate` hook: the real HTTP path, with identity on ctx.auth as an auth layer would put it.
 */
export async function startTasksHarness(
  db: DatabaseHandle | SqlDriver,
  options: { logger?: Logger } = {},
): Promise<TasksHarness> {
  const handle: DatabaseHandle = 'get' in db ? db : { get: async () => db };
  const server = createTasksServer({ db: handle, logger: options.logger ?? silentLogger });
  const running = await serve(server, {
    port: 0,
    handleSignals: false,
    authenticate: (exchange): AuthInfo | undefined => {
      const tenant = exchange.headers[TENANT_HEADER];
      return typeof tenant === 'string'
        ? { subject: `user@${tenant}`, tenant, scopes: [], claims: {} }
        : undefined;
    },
  });
  return connectTasksHarness(running.url, () => running.close());
}

/** The official 2.x client (2026-07-28) against a tasks server already listening at `url`. */
export function connectTasksHarness(url: string, stop: () => Promise<void>): TasksHarness {
  const clients = new Map<string, Client>();
  const client = async (tenant = '') => {
    let found = clients.get(tenant);
    if (!found) {
      found = new Client({ name: 'tasks-test', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
      const headers: Record<string, string> = tenant ? { [TENANT_HEADER]: tenant } : {};
      await found.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
      clients.set(tenant, found);
    }
    return found;
  };
  return {
    url,
    client,
    async call(name, args, tenant) {
      const result = await (await client(tenant)).callTool({ name, arguments: args });
      const content = result.content as { type: string; text?: string }[];
      const meta = result._meta as Record<string, { code?: string }> | undefined;
      return {
        isError: result.isError === true,
        text: content.map((block) => block.text ?? '').join(''),
        structured: (result.structuredContent ?? {}) as Record<string, unknown>,
        code: meta?.['lambda-mcp/error']?.code,
      };
    },
    async close() {
      await Promise.all([...clients.values()].map((c) => c.close()));
      await stop();
    },
  };
}
