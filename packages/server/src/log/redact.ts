/**
 * Field names whose values never reach a log line: anything that names a credential
 * (compared in lower case, anywhere in the name: `x-auth-token`, `x-goog-api-key`,
 * `authentication`, `sessionId`, `x-amz-signature`).
 */
export const SECRET_NAME = /auth|token|key|secret|passw|session|cookie|signature|credential/i;

/** Values that are credentials whatever their field: bearer/basic schemes, JWTs, our API keys. */
const SECRET_VALUES: readonly [RegExp, (match: string, ...groups: string[]) => string][] = [
  [/\b(Bearer|Basic|Token|Digest)\s+([\w.~+/=-]+)/gi, maskScheme],
  [/\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g, () => REDACTED],
  [/\blmcp_[\w-]{8,}/g, () => REDACTED],
];

/**
 * `Bearer <credential>` masked, but not prose: the reason a rejection gives ("The access
 * token expired", "send an OAuth bearer token") is what the warning is read for. A word of
 * lower-case letters is prose; a credential has digits, capitals or symbols (all of a random
 * token's characters being lower-case letters is vanishingly rare).
 */
function maskScheme(match: string, scheme: string, credential: string): string {
  return /^[a-z]+$/.test(credential) ? match : `${scheme} [REDACTED]`;
}

export const REDACTED = '[REDACTED]';

/**
 * A copy of `value` with secret-named fields replaced by `[REDACTED]`, at any depth, and
 * credential-shaped text masked inside every other string. `allow` names fields that
 * look secret but are not (compared in lower case), e.g. `['x-api-key-id']`.
 */
export function redact(value: unknown, options: { allow?: readonly string[] } = {}, depth = 0): unknown {
  if (typeof value === 'string') return maskValue(value);
  // Deeper than anything logged needs (and a cycle's way out): what is not read is not shown.
  if (depth > 8) return typeof value === 'object' && value !== null ? REDACTED : value;
  if (Array.isArray(value)) return value.map((item) => redact(item, options, depth + 1));
  if (typeof value !== 'object' || value === null || value instanceof Error) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const allowed = options.allow?.includes(key.toLowerCase()) ?? false;
    copy[key] = !allowed && SECRET_NAME.test(key) ? REDACTED : redact(field, options, depth + 1);
  }
  return copy;
}

function maskValue(text: string): string {
  let masked = text;
  for (const [pattern, replacement] of SECRET_VALUES) masked = masked.replace(pattern, replacement);
  return masked;
}
