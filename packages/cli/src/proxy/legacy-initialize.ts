import type { JsonObject } from '../remote/json-rpc.ts';
import { META } from '../remote/modern-revision.ts';
import { LEGACY_REVISIONS } from '../remote/protocol-revisions.ts';

/**
 * The `initialize` answer the proxy gives a 2025 client when the remote speaks 2026-07-28:
 * built from the remote's `server/discover`, at the revision the client asked for.
 * Change notifications need a `subscriptions/listen` stream the proxy does not hold, so it
 * does not promise them.
 */
export function initializeResultFrom(discover: JsonObject, requestedRevision: unknown): JsonObject {
  const revision =
    typeof requestedRevision === 'string' && LEGACY_REVISIONS.includes(requestedRevision)
      ? requestedRevision
      : LEGACY_REVISIONS[0];
  const capabilities = { ...((discover.capabilities as JsonObject | undefined) ?? {}) };
  for (const feature of ['tools', 'prompts', 'resources']) {
    const declared = capabilities[feature] as JsonObject | undefined;
    if (declared === undefined) continue;
    capabilities[feature] =
      feature === 'resources'
        ? { ...declared, listChanged: false, subscribe: false }
        : { ...declared, listChanged: false };
  }
  const serverInfo = (discover._meta as JsonObject | undefined)?.[META.serverInfo] ?? {
    name: 'remote MCP server',
    version: '0.0.0',
  };
  const instructions =
    typeof discover.instructions === 'string' ? { instructions: discover.instructions } : {};
  return { protocolVersion: revision, capabilities, serverInfo, ...instructions };
}
