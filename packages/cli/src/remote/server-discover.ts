import type { JsonObject, JsonRpcRequest, JsonRpcResponse } from './json-rpc.ts';
import type { ModernExchange } from './modern-exchange.ts';
import { MODERN_REVISION } from './protocol-revisions.ts';
import { REMOTE_UNAUTHORIZED, RemoteFailure } from './remote-failure.ts';

/**
 * `server/discover` as a probe for 2026-07-28: its result when the remote speaks that
 * revision, else undefined, for a 2025 `initialize` to decide (a 2025 server answers with an
 * error, or with something that is not JSON-RPC at all). A remote that cannot be reached, or
 * that wants a credential, fails here as it would there: that throws.
 */
export async function discoverModern(
  exchange: ModernExchange,
  probe: JsonRpcRequest,
  signal: AbortSignal,
): Promise<JsonObject | undefined> {
  let answer: JsonRpcResponse;
  try {
    answer = await exchange.round(probe, MODERN_REVISION, signal);
  } catch (error) {
    if (error instanceof RemoteFailure && error.reachable && error.code !== REMOTE_UNAUTHORIZED)
      return undefined;
    throw error;
  }
  return offersRevision(answer.result, MODERN_REVISION) ? answer.result : undefined;
}

/** Whether a `server/discover` result lists `revision` among its supported versions. */
export function offersRevision(discover: JsonObject | undefined, revision: string): boolean {
  const versions = discover?.supportedVersions;
  return Array.isArray(versions) && versions.includes(revision);
}
