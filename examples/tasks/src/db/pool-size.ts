/**
 * `DB_POOL_SIZE`: how many Postgres connections to keep (unset: the driver's default, 1).
 * Anything but a whole number from 1 is refused at start, naming the value: `Number('ten')`
 * would otherwise reach the pool as NaN and fail on the first query, far from its cause.
 */
export function poolSizeFromEnv(env: Record<string, string | undefined>): number | undefined {
  const raw = env.DB_POOL_SIZE?.trim();
  if (raw === undefined || raw === '') return undefined;
  const size = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(size) || size < 1) {
    throw new Error(
      `DB_POOL_SIZE must be a whole number of connections, 1 or more; got '${env.DB_POOL_SIZE}'`,
    );
  }
  return size;
}
