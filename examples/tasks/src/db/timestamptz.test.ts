import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimestamptz } from './timestamptz.ts';

describe('parseTimestamptz', () => {
  it('reads the years 1 to 99 as themselves, not as 2001 to 2099', () => {
    assert.equal(parseTimestamptz('0001-01-01 00:00:00+00').toISOString(), '0001-01-01T00:00:00.000Z');
    assert.equal(parseTimestamptz('0099-06-01 12:00:00+00').toISOString(), '0099-06-01T12:00:00.000Z');
  });

  it('applies every offset form and keeps milliseconds of a microsecond fraction', () => {
    assert.equal(parseTimestamptz('2026-12-01 17:00:00.123456+00').toISOString(), '2026-12-01T17:00:00.123Z');
    assert.equal(parseTimestamptz('2026-12-01 17:00:00+05:30').toISOString(), '2026-12-01T11:30:00.000Z');
    assert.equal(parseTimestamptz('2026-12-01 17:00:00-03').toISOString(), '2026-12-01T20:00:00.000Z');
    assert.equal(parseTimestamptz('1890-01-01 00:00:00+00:53:28').toISOString(), '1889-12-31T23:06:32.000Z');
  });

  it('reads the last second of 9999 and BC years', () => {
    assert.equal(parseTimestamptz('9999-12-31 23:59:59+00').toISOString(), '9999-12-31T23:59:59.000Z');
    assert.equal(parseTimestamptz('0044-03-15 00:00:00+00 BC').getUTCFullYear(), -43);
  });
});
