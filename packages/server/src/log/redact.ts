/** Field names whose values never reach a log line (compared in lower case). */
const SECRET_NAME =
  /^(authorization|proxy-authorization|x-api-key|api[-_]?key|cookie|set-cookie|password|passwd|secret|client[-_]?secret|token|access[-_]?token|refresh[-_]?token|id[-_]?token|private[-_]?key|x-amz-security-token)$/i;

export const REDACTED = '[REDACTED]';

/**
 * A copy of `value` with secret-named fields replaced by `[REDACTED]`, at any depth.
 * Bearer tokens inside other strings are masked too.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return value;
  if (typeof value === 'string') return value.replace(/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, `$1 ${REDACTED}`);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (typeof value !== 'object' || value === null || value instanceof Error) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] = SECRET_NAME.test(key) ? REDACTED : redact(field, depth + 1);
  }
  return copy;
}
