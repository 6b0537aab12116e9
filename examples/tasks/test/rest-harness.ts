import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from 'lambda-mcp';
import { tasksKeyStore } from '../src/access/key-store.ts';
import { runKeysCommand } from '../src/access/keys-command.ts';
import type { SqlDriver } from '../src/db/driver.ts';
import { restListener } from '../src/rest/rest-listener.ts';
import { TASK_ROUTES } from '../src/rest/task-routes.ts';

/** A key made by the keys command, as an operator would. */
export async function makeKey(driver: SqlDriver, tenant: string, scopes: string): Promise<string> {
  const lines: string[] = [];
  const code = await runKeysCommand(
    ['create', '--tenant', tenant, '--scopes', scopes, '--name', 'rest-test'],
    tasksKeyStore(driver),
    (line) => lines.push(line),
  );
  assert.equal(code, 0, lines.join('\n'));
  return lines[1] as string;
}

/** The REST API on a free loopback port, over `driver`. */
export async function startRestApi(driver: SqlDriver): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(
    restListener(TASK_ROUTES, { db: { get: async () => driver }, logger: silentLogger }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
