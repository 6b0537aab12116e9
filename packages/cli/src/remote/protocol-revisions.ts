/** The stateless revision: no initialize, every request carries its client's `_meta`. */
export const MODERN_REVISION = '2026-07-28';

/** The 2025 revisions, spoken through `initialize` and a session, newest first. */
export const LEGACY_REVISIONS = ['2025-11-25', '2025-06-18', '2025-03-26'];
