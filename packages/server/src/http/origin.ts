const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * DNS-rebinding protection: a browser request (it carries `Origin`) is allowed only from
 * a loopback origin or a configured one. Non-browser clients send no Origin.
 */
export function isOriginAllowed(origin: string | undefined, allowed: readonly string[] | '*'): boolean {
  if (origin === undefined || allowed === '*') return true;
  if (allowed.includes(origin)) return true;
  try {
    return LOOPBACK_HOSTS.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}
