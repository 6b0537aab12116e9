/** A date a tool accepts, as a UTC instant, or why it is not one (a message an AI can act on). */
export type ParsedDate = { iso: string } | { error: string };

const FORMAT = 'must be an ISO 8601 date such as 2026-12-01 or 2026-12-01T17:00:00Z';
// Date, then optionally a time (seconds and up to 6 fraction digits optional) and its offset.
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** Milliseconds since the epoch of a UTC date-time; unlike Date.UTC, years 1-99 stay themselves. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

/** Day 0 of the next month is the last day of this one. */
const daysIn = (year: number, month: number) => new Date(utc(year, month + 1, 0)).getUTCDate();

// Postgres has no year 0 and the API prints four-digit years: the instant must stay inside these.
const EARLIEST = utc(1, 1, 1);
const LATEST = utc(9999, 12, 31, 23, 59, 59, 999);

/**
 * Reads an ISO 8601 date (`2026-12-01`, midnight UTC) or date-time with an offset
 * (`2026-12-01T17:00:00Z`, `2026-12-01T17:00+01:00`) without ever using the process's time
 * zone. The fields must exist on the calendar (no 30 February, no hour 24): JavaScript's
 * `Date` silently rolls those over into the next month. A time without an offset is refused:
 * guessing UTC or the server's zone would silently move the deadline by hours.
 */
export function parseIsoDate(value: string): ParsedDate {
  const match = ISO_DATE.exec(value);
  if (!match) return { error: FORMAT };
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  if (h !== undefined && offset === undefined) {
    return {
      error: `has a time but no time zone; add Z for UTC (${value}Z) or the offset of the user's time zone (e.g. ${value}+01:00)`,
    };
  }
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  if (year < 1) return { error: 'must be between 0001-01-01 and 9999-12-31' };
  if (month < 1 || month > 12) return { error: `has month ${mo}; months run from 01 to 12` };
  if (day < 1 || day > daysIn(year, month)) {
    return { error: `has day ${d}, but ${MONTHS[month - 1]} ${y} has ${daysIn(year, month)} days` };
  }
  const [hour, minute, second] = [Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) {
    return {
      error: `has time ${h}:${mi}${s ? `:${s}` : ''}; hours run from 00 to 23, minutes and seconds from 00 to 59`,
    };
  }
  let offsetMinutes = 0;
  if (offset !== undefined && offset !== 'Z') {
    const digits = offset.replace(':', '');
    const [offsetHours, offsetMins] = [Number(digits.slice(1, 3)), Number(digits.slice(3, 5))];
    if (offsetHours > 23 || offsetMins > 59)
      return { error: `has offset ${offset}; offsets run from -23:59 to +23:59` };
    offsetMinutes = (digits[0] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  // Milliseconds are the digits themselves (truncated), not a float product that may round down by one.
  const millis = Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  const instant = utc(year, month, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  if (instant < EARLIEST || instant > LATEST) return { error: 'must be between 0001-01-01 and 9999-12-31' };
  return { iso: new Date(instant).toISOString() };
}
