/**
 * Stateless revisions (per-request `_meta`, no `initialize`), newest first. The next
 * revision is one entry here, plus whatever it changes in dispatch.
 */
export const MODERN_VERSIONS = ['2026-07-28'] as const;

/** The newest revision: what this server prefers and what its test helpers speak. */
export const MODERN_VERSION: string = MODERN_VERSIONS[0];

/** Revisions answered through the `initialize` handshake (answered statelessly). */
export const LEGACY_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'] as const;

export const SUPPORTED_VERSIONS: readonly string[] = [...MODERN_VERSIONS, ...LEGACY_VERSIONS];

/** A request without `MCP-Protocol-Version` comes from a client older than 2025-06-18. */
export const DEFAULT_LEGACY_VERSION = '2025-03-26';

export type Lane = 'modern' | 'legacy';

export function isSupportedVersion(version: string): boolean {
  return SUPPORTED_VERSIONS.includes(version);
}

export function isModernVersion(version: string): boolean {
  return (MODERN_VERSIONS as readonly string[]).includes(version);
}

export function isLegacyVersion(version: string): boolean {
  return (LEGACY_VERSIONS as readonly string[]).includes(version);
}

/** `initialize` negotiation: echo a legacy version we speak, otherwise offer the newest legacy one. */
export function negotiateLegacyVersion(requested: unknown): string {
  return typeof requested === 'string' && isLegacyVersion(requested) ? requested : LEGACY_VERSIONS[0];
}
