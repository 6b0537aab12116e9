/**
 * The socket error under a failed request (ECONNREFUSED, ENOTFOUND, ...): a connection tried
 * on several addresses (happy eyeballs) fails with one error per address, and a wrapped error
 * keeps it in `cause`.
 */
export function socketErrorCode(error: unknown): string | undefined {
  const pending = [error];
  for (let seen = 0; pending.length > 0 && seen < 12; seen += 1) {
    const next = pending.shift() as { code?: unknown; cause?: unknown; errors?: unknown } | undefined;
    if (!next || typeof next !== 'object') continue;
    if (typeof next.code === 'string' && /^(E[A-Z]+|UND_ERR_\w+)$/.test(next.code)) return next.code;
    pending.push(next.cause, ...(Array.isArray(next.errors) ? next.errors : []));
  }
  return undefined;
}
