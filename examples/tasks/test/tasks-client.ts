import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { type AuthInfo, type Logger, silentLogger } from 'lambda-mcp';
import { serve } from 'lambda-mcp/node';
import { anonymousCaller } from '../src/access/anonymous-caller.ts';
import { TASKS_SCOPES } from '../src/access/scopes.ts';
import type { SqlDriver } from '../src/db/driver.ts';
import { createTasksServer } from '../src/server.ts';
import type { DatabaseHandle } from '../src/tools/database-access.ts';

export interface CallResult {
  isError: boolean;
  text: string;
  structured: Record<string, unknown>;
  code: string | undefined;
}

/**
 * Who calls: a tenant name (the caller is `user@<tenant>` of that tenant), a subject with no
 * tenant, or nobody (no auth: the anonymous workspace).
 */
export type Caller = string | { subject: string };

/** A tasks server on a loopback port and the official 2.x client speaking 2026-07-28 to it. */
export interface TasksHarness {
  url: string;
  /** A client; `caller` sets the identity through the test's auth hook. */
  client(caller?: Caller): Promise<Client>;
  call(name: string, args: Record<string, unknown>, caller?: Caller): Promise<CallResult>;
  close(): Promise<void>;
}

/** The headers the tests name the caller with; each host turns them into `ctx.auth`. */
export const TENANT_HEADER = 'x-test-tenant';
export const SUBJECT_HEADER = 'x-test-subject';

/**
 * Starts the server over `db` on the node adapter. Auth is a header read by the
 * `authenticate` hook: the real HTTP path, with identity on ctx.auth as an auth layer would put it
 * (every scope: the key tests check scopes), or the anonymous caller when no header names one.
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
    authenticate: (exchange): AuthInfo => {
      const tenant = exchange.headers[TENANT_HEADER];
      const subject = exchange.headers[SUBJECT_HEADER];
      if (typeof subject === 'string') return { subject, scopes: [...TASKS_SCOPES], claims: {} };
      return typeof tenant === 'string'
        ? { subject: `user@${tenant}`, tenant, scopes: [...TASKS_SCOPES], claims: {} }
        : anonymousCaller();
    },
  });
  return connectTasksHarness(running.url, () => running.close());
}

/** The official 2.x client (2026-07-28) against a tasks server already listening at `url`. */
export function connectTasksHarness(url: string, stop: () => Promise<void>): TasksHarness {
  const clients = new Map<string, Client>();
  const client = async (caller: Caller = '') => {
    const key = JSON.stringify(caller);
    let found = clients.get(key);
    if (!found) {
      found = new Client({ name: 'tasks-test', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
      const headers: Record<string, string> =
        typeof caller === 'object'
          ? { [SUBJECT_HEADER]: caller.subject }
          : caller
            ? { [TENANT_HEADER]: caller }
            : {};
      await found.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
      clients.set(key, found);
    }
    return found;
  };
  return {
    url,
    client,
    async call(name, args, caller) {
      const result = await (await client(caller)).callTool({ name, arguments: args });
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
