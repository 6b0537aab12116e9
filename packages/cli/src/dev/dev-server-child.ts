// One generation of `lambda-mcp dev`: imports the server module fresh, serves it with the node
// adapter and tells the parent (over IPC) where, or why it could not. The parent replaces this
// process on every change: a new process is the only way to drop every cached module.
import { createRequire, enableCompileCache } from 'node:module';
import { pathToFileURL } from 'node:url';
import { userStack } from '../user-stack.ts';
import type { DevChildMessage } from './dev-child-message.ts';

// Every reload imports the same framework files again: the cache makes that a read, not a compile.
enableCompileCache?.();

const [entry = '', host = '127.0.0.1', port = '3000'] = process.argv.slice(2);

function tell(message: DevChildMessage): void {
  process.send?.(message);
}

interface ServerLike {
  tool: unknown;
  resource: unknown;
  prompt: unknown;
}

function isServer(value: unknown): value is ServerLike {
  const server = value as Partial<ServerLike> | undefined;
  return (
    typeof server?.tool === 'function' &&
    typeof server.resource === 'function' &&
    typeof server.prompt === 'function'
  );
}

/** The node adapter of the lambda-mcp the module itself uses: one copy, one server registry. */
async function nodeAdapter(): Promise<typeof import('lambda-mcp/node')> {
  try {
    return await import(pathToFileURL(createRequire(entry).resolve('lambda-mcp/node')).href);
  } catch {
    return import('lambda-mcp/node');
  }
}

try {
  const module = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  const server = isServer(module.server)
    ? module.server
    : isServer(module.default)
      ? module.default
      : undefined;
  if (server === undefined) {
    tell({
      type: 'failed',
      message: `${entry} exports no MCP server: export it as \`server\` (the result of createServer) or as the default export`,
    });
    process.exit(1);
  }
  const { serve } = await nodeAdapter();
  const running = await serve(server as Parameters<typeof serve>[0], { host, port: Number(port) });
  tell({ type: 'ready', url: running.url, port: running.port, name: await serverName(running.url) });
} catch (error) {
  const { code, syscall, hostname } = error as {
    code?: string;
    syscall?: string;
    hostname?: string;
  };
  // Only the listen itself is about --host and --port: the module's own errors are reported as they are.
  const listening = syscall === 'listen' || (syscall === 'getaddrinfo' && hostname === host);
  const reason =
    code === 'EADDRINUSE'
      ? `port ${port} on ${host} is in use: stop what listens there or pass --port <another>`
      : listening && (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        ? `--host ${host} is not an address of this machine: use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)`
        : listening && code === 'EACCES'
          ? `port ${port} on ${host} needs privileges this user does not have: pass --port 1024 or above`
          : // The module's own errors are reported as they are: the message and the user's frames.
            userStack(error);
  tell({ type: 'failed', message: reason });
  process.exit(1);
}

/** The server's name, from its Server Card: the key for the client configuration. */
async function serverName(url: string): Promise<string | undefined> {
  try {
    const card = (await (await fetch(`${url}/server-card`)).json()) as { name?: string };
    return card.name;
  } catch {
    return undefined;
  }
}
