/**
 * The longest delay setTimeout and setInterval honour (2^31 - 1 ms, about 24.8 days): a
 * longer one (Infinity, meant as "no limit") fires after 1 ms instead.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
