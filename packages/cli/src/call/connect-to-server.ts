import type { JsonRpcRequest } from '../remote/json-rpc.ts';
import { ModernExchange } from '../remote/modern-exchange.ts';
import { clientMeta } from '../remote/modern-revision.ts';
import { LEGACY_REVISIONS, MODERN_REVISION } from '../remote/protocol-revisions.ts';
import { RemoteEndpoint } from '../remote/remote-endpoint.ts';
import { RemoteFailure } from '../remote/remote-failure.ts';
import { discoverModern, offersRevision } from '../remote/server-discover.ts';
import { withAnswerTimeout } from './answer-timeout.ts';
import { LegacyConnection } from './legacy-connection.ts';
import { ModernConnection } from './modern-connection.ts';
import type { ConnectionOptions, ServerConnection } from './server-connection.ts';

export interface ConnectOptions extends ConnectionOptions {
  url: URL;
  /** Sent on every request (`--header`, `--token`). */
  headers: Record<string, string>;
  /** The revision `--protocol` pins; undefined negotiates. */
  protocol: string | undefined;
}

/**
 * Connects to an MCP server over Streamable HTTP: negotiating by default (2026-07-28 through
 * `server/discover`, else a 2025 `initialize`), or exactly the revision `--protocol` names.
 */
export async function connectToServer(options: ConnectOptions): Promise<ServerConnection> {
  const { url, protocol } = options;
  const remote = new RemoteEndpoint(url, options.headers);
  if (protocol !== undefined && protocol !== MODERN_REVISION)
    return LegacyConnection.open(remote, [protocol], options);
  // The notifications of an answer (progress, log messages) are not shown.
  const exchange = new ModernExchange(remote, () => {}, 'retry-on-mismatch');
  const _meta = clientMeta(MODERN_REVISION, {
    clientInfo: options.clientInfo,
    capabilities: options.input.capabilities,
  });
  const probe: JsonRpcRequest = { jsonrpc: '2.0', id: 0, method: 'server/discover', params: { _meta } };
  if (protocol === undefined) {
    const discover = await withAnswerTimeout(options.timeoutMs, url, probe.method, (timeout) =>
      discoverModern(exchange, probe, timeout.signal),
    );
    if (discover === undefined) return LegacyConnection.open(remote, LEGACY_REVISIONS, options);
    return new ModernConnection(exchange, discover, options);
  }
  const answer = await withAnswerTimeout(options.timeoutMs, url, probe.method, (timeout) =>
    exchange.round(probe, MODERN_REVISION, timeout.signal),
  );
  if (answer.result !== undefined && offersRevision(answer.result, MODERN_REVISION))
    return new ModernConnection(exchange, answer.result, options);
  const versions = answer.result?.supportedVersions;
  const said = answer.error
    ? `error ${answer.error.code}: ${answer.error.message}`
    : `versions ${Array.isArray(versions) ? versions.join(', ') : 'none'}`;
  throw new RemoteFailure(
    `${url.href} does not offer protocol ${MODERN_REVISION} (server/discover answered ${said}): omit --protocol to negotiate one both sides speak.`,
    -32603,
  );
}
