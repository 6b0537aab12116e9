// Postgres' text output of timestamptz (DateStyle ISO): `2026-12-01 17:00:00.123456+00`,
// offsets as +HH, +HH:MM or +HH:MM:SS, and ` BC` after years before 1. No column stores infinity.
const TIMESTAMPTZ =
  /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?( BC)?$/;

/**
 * A timestamptz value as a Date. PGlite's own parser hands this text to `new Date()`, whose
 * non-ISO parsing reads years 1-99 as 2001-2099 (`0001-01-01` came back as `2001-01-01`);
 * this builds the instant from its fields instead, as `pg` does.
 */
export function parseTimestamptz(text: string): Date {
  const match = TIMESTAMPTZ.exec(text);
  if (!match) throw new Error(`Unexpected timestamptz text from the database: ${text}`);
  const [, year, month, day, hour, minute, second, fraction, sign, offsetH, offsetM, offsetS, bc] = match;
  const date = new Date(0);
  date.setUTCFullYear(bc ? 1 - Number(year) : Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(
    Number(hour),
    Number(minute),
    Number(second),
    Number((fraction ?? '').padEnd(3, '0').slice(0, 3)),
  );
  const offset = Number(offsetH) * 3600 + Number(offsetM ?? 0) * 60 + Number(offsetS ?? 0);
  return new Date(date.getTime() - (sign === '-' ? -1 : 1) * offset * 1000);
}
