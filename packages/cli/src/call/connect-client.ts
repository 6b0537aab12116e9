import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

export interface ClientSession {
  client: Client;
  url: URL;
  timeoutMs: number;
}

/**
 * Connects the official client: negotiating by default (2026-07-28 through server/discover,
 * else a 2025 initialize), or exactly the revision `--protocol` names.
 */
export async function connectClient(
  url: URL,
  options: { fetch: typeof fetch; protocol: string | undefined; timeoutMs: number },
): Promise<ClientSession> {
  const modern = options.protocol !== undefined && options.protocol >= '2026';
  const client = new Client(
    { name: 'lambda-mcp-call', version: '0.1.0' },
    {
      versionNegotiation: {
        mode: options.protocol === undefined ? 'auto' : modern ? { pin: options.protocol } : 'legacy',
      },
      ...(options.protocol !== undefined && !modern ? { supportedProtocolVersions: [options.protocol] } : {}),
    },
  );
  const transport = new StreamableHTTPClientTransport(url, { fetch: options.fetch });
  await client.connect(transport, { timeout: options.timeoutMs });
  return { client, url, timeoutMs: options.timeoutMs };
}
