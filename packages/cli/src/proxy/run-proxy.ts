import { join } from 'node:path';
import { EXIT } from '../cli-error.ts';
import type { CommandIo } from '../command.ts';
import { RemoteEndpoint } from '../remote/remote-endpoint.ts';
import { userConfigDir } from './oauth/config-dir.ts';
import { CredentialStore } from './oauth/credential-store.ts';
import { OAuthSignIn } from './oauth/oauth-sign-in.ts';
import { ProxySession } from './proxy-session.ts';
import { openStdioChannel } from './stdio-channel.ts';

export interface ProxyOptions {
  url: URL;
  headers: Record<string, string>;
  callbackPort?: number;
  clientMetadataUrl?: string;
}

/**
 * Serves MCP on stdio and forwards to `url` until stdin ends. Exits 0, or 1 when the remote
 * never gave one MCP answer and something failed (unreachable, refused, not MCP), so a
 * supervisor sees that the bridge did not work.
 */
export async function runProxy(
  options: ProxyOptions,
  io: CommandIo & { stdin: NodeJS.ReadableStream },
): Promise<number> {
  const log = (line: string) => io.stderr.write(`lambda-mcp proxy: ${line}\n`);
  const clientGone = new AbortController();
  // A credential on the command line is the user's choice: no sign-in flow over it.
  const signIn =
    options.headers.authorization === undefined
      ? new OAuthSignIn(options.url, {
          store: new CredentialStore(join(userConfigDir(), 'oauth-credentials.json')),
          ...(options.callbackPort === undefined ? {} : { callbackPort: options.callbackPort }),
          ...(options.clientMetadataUrl === undefined
            ? {}
            : { clientMetadataUrl: options.clientMetadataUrl }),
          signal: clientGone.signal,
          log,
        })
      : undefined;
  const remote = new RemoteEndpoint(options.url, options.headers, signIn);
  const session: ProxySession = new ProxySession(remote, (message) => channel.send(message), log);
  const channel = openStdioChannel(io.stdin, io.stdout, (message) => session.handle(message));
  await channel.closed;
  clientGone.abort();
  await session.close();
  await remote.close();
  return session.failed && !remote.answered ? EXIT.failed : EXIT.ok;
}
