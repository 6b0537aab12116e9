import { ErrorCode, headerMismatch, invalidParams, ProtocolError } from './errors.ts';
import { isJsonObject, type JsonObject } from './jsonrpc.ts';
import {
  DEFAULT_LEGACY_VERSION,
  isLegacyVersion,
  isModernVersion,
  isSupportedVersion,
  type Lane,
  MODERN_VERSION,
  negotiateLegacyVersion,
  SUPPORTED_VERSIONS,
} from './versions.ts';
import type { ClientCapabilities, Implementation, LoggingLevel } from './wire-types.ts';
import { LOGGING_LEVELS } from './wire-types.ts';

export const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  logLevel: 'io.modelcontextprotocol/logLevel',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
  subscriptionId: 'io.modelcontextprotocol/subscriptionId',
} as const;

/** Which revision a request speaks, and what its `_meta` says about the client. */
export interface LaneSelection {
  lane: Lane;
  version: string;
  meta: JsonObject;
  clientInfo: Implementation | undefined;
  capabilities: ClientCapabilities;
  logLevel: LoggingLevel | undefined;
}

/** Methods that exist only in the stateless revision and so always need its `_meta`. */
const MODERN_ONLY = new Set(['server/discover', 'subscriptions/listen']);

/**
 * Picks the revision lane of a request. A request whose `_meta` names a protocol version
 * is on the 2026-07-28 lane; otherwise it is a 2025 request (`initialize` negotiates, the
 * rest follow `MCP-Protocol-Version`, absent meaning 2025-03-26).
 */
export function selectLane(
  method: string,
  params: JsonObject | undefined,
  headerVersion: string | undefined,
): LaneSelection {
  const meta = isJsonObject(params?._meta) ? params._meta : {};
  const metaVersion = meta[META.protocolVersion];
  if (metaVersion === undefined) {
    // A version we do not speak is that whatever the method; a known one then says which revision wants _meta.
    if (headerVersion !== undefined && !isSupportedVersion(headerVersion))
      throw unsupportedVersion(headerVersion);
    const modernHeader = headerVersion !== undefined && isModernVersion(headerVersion);
    if (modernHeader || MODERN_ONLY.has(method)) {
      throw invalidParams(
        `Invalid params: _meta is missing ${META.protocolVersion} (required on ${modernHeader ? headerVersion : MODERN_VERSION})`,
      );
    }
    const version =
      method === 'initialize'
        ? negotiateLegacyVersion(params?.protocolVersion)
        : (headerVersion ?? DEFAULT_LEGACY_VERSION);
    // 2025 clients set a level with logging/setLevel, which a stateless server cannot remember: send all.
    return { lane: 'legacy', version, meta, clientInfo: undefined, capabilities: {}, logLevel: 'debug' };
  }
  if (typeof metaVersion !== 'string') {
    throw invalidParams(`Invalid params: _meta ${META.protocolVersion} must be a string`);
  }
  // A header that disagrees with the body is a mismatch whatever either names (-32020 before
  // -32022): the two must agree before the version itself means anything.
  if (headerVersion !== undefined && headerVersion !== metaVersion) {
    throw headerMismatch(
      `MCP-Protocol-Version header value '${headerVersion}' does not match body value '${metaVersion}'`,
    );
  }
  if (!isModernVersion(metaVersion)) {
    if (isLegacyVersion(metaVersion)) {
      throw new ProtocolError(
        ErrorCode.UnsupportedProtocolVersion,
        `Protocol version ${metaVersion} does not use per-request _meta: use ${MODERN_VERSION}, or send initialize for a 2025 revision`,
        { supported: SUPPORTED_VERSIONS, requested: metaVersion },
      );
    }
    throw unsupportedVersion(metaVersion);
  }
  if (headerVersion === undefined) throw headerMismatch('the MCP-Protocol-Version header is required');
  const capabilities = meta[META.clientCapabilities];
  if (!isJsonObject(capabilities)) {
    throw invalidParams(
      `Invalid params: _meta is missing ${META.clientCapabilities} (required on ${metaVersion})`,
    );
  }
  const clientInfo = meta[META.clientInfo];
  const logLevel = meta[META.logLevel];
  if (logLevel !== undefined && !LOGGING_LEVELS.includes(logLevel as LoggingLevel)) {
    throw invalidParams(`Invalid params: _meta ${META.logLevel} must be one of ${LOGGING_LEVELS.join(', ')}`);
  }
  return {
    lane: 'modern',
    version: metaVersion,
    meta,
    clientInfo: isJsonObject(clientInfo) ? (clientInfo as unknown as Implementation) : undefined,
    capabilities: capabilities as ClientCapabilities,
    logLevel: logLevel as LoggingLevel | undefined,
  };
}

export function unsupportedVersion(requested: string): ProtocolError {
  return new ProtocolError(
    ErrorCode.UnsupportedProtocolVersion,
    `Unsupported protocol version: ${requested}. Supported versions: ${SUPPORTED_VERSIONS.join(', ')}`,
    { supported: SUPPORTED_VERSIONS, requested },
  );
}
