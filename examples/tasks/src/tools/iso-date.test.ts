import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parseIsoDate } from './iso-date.ts';

const FORMAT = 'must be an ISO 8601 date such as 2026-12-01 or 2026-12-01T17:00:00Z';
const RANGE = 'must be between 0001-01-01 and 9999-12-31';

/** Input, and the UTC instant or the error it must give, whatever the process's time zone. */
const CASES: [string, { iso: string } | { error: string }][] = [
  ['2026-12-01', { iso: '2026-12-01T00:00:00.000Z' }],
  ['2026-12-01T17:00:00Z', { iso: '2026-12-01T17:00:00.000Z' }],
  ['2026-12-01T17:00+01:00', { iso: '2026-12-01T16:00:00.000Z' }],
  ['2026-12-01T17:00:00.123456-0530', { iso: '2026-12-01T22:30:00.123Z' }],
  ['2026-12-01T17:00:00.57Z', { iso: '2026-12-01T17:00:00.570Z' }],
  ['2026-12-01T17:00:00.009Z', { iso: '2026-12-01T17:00:00.009Z' }],
  ['2026-03-29T02:30:00+02:00', { iso: '2026-03-29T00:30:00.000Z' }],
  ['2028-02-29', { iso: '2028-02-29T00:00:00.000Z' }],
  ['2000-02-29', { iso: '2000-02-29T00:00:00.000Z' }],
  ['0001-01-01', { iso: '0001-01-01T00:00:00.000Z' }],
  ['0099-06-01', { iso: '0099-06-01T00:00:00.000Z' }],
  ['9999-12-31T23:59:59Z', { iso: '9999-12-31T23:59:59.000Z' }],
  ['2026-02-30T10:00:00Z', { error: 'has day 30, but February 2026 has 28 days' }],
  ['2026-04-31', { error: 'has day 31, but April 2026 has 30 days' }],
  ['1900-02-29', { error: 'has day 29, but February 1900 has 28 days' }],
  ['2026-12-00', { error: 'has day 00, but December 2026 has 31 days' }],
  ['2026-13-01', { error: 'has month 13; months run from 01 to 12' }],
  [
    '2026-12-01T24:00Z',
    { error: 'has time 24:00; hours run from 00 to 23, minutes and seconds from 00 to 59' },
  ],
  ['2026-12-01T17:00+24:00', { error: 'has offset +24:00; offsets run from -23:59 to +23:59' }],
  ['0000-01-01', { error: RANGE }],
  ['0001-01-01T00:00+01:00', { error: RANGE }],
  ['9999-12-31T23:00-02:00', { error: RANGE }],
  [
    '2026-12-01T17:00',
    {
      error:
        "has a time but no time zone; add Z for UTC (2026-12-01T17:00Z) or the offset of the user's time zone (e.g. 2026-12-01T17:00+01:00)",
    },
  ],
  ['next friday', { error: FORMAT }],
  ['01/12/2026', { error: FORMAT }],
  ['2026-12-01T17:00:00ZZ', { error: FORMAT }],
];

const run = promisify(execFile);
const MODULE = new URL('./iso-date.ts', import.meta.url).href;

/** Parses every case in a child process whose TZ is `zone`; returns its results and its UTC offset in December. */
async function parseUnder(zone: string) {
  const script = `import { parseIsoDate } from ${JSON.stringify(MODULE)};
    const inputs = JSON.parse(process.argv[1]);
    console.log(JSON.stringify({ offset: new Date(2026, 11, 1).getTimezoneOffset(), results: inputs.map(parseIsoDate) }));`;
  const { stdout } = await run(
    process.execPath,
    [...process.execArgv, '--input-type=module', '-e', script, JSON.stringify(CASES.map(([input]) => input))],
    { env: { ...process.env, TZ: zone } },
  );
  return JSON.parse(stdout) as { offset: number; results: unknown[] };
}

describe('parseIsoDate', () => {
  for (const [input, expected] of CASES) {
    it(`reads ${input} as ${'iso' in expected ? expected.iso : `an error: ${expected.error}`}`, () => {
      assert.deepEqual(parseIsoDate(input), expected);
    });
  }

  // The offsets prove the zone took effect: a parse that used local time would differ in each.
  for (const [zone, offset] of [
    ['UTC', 0],
    ['America/New_York', 300],
    ['Asia/Tokyo', -540],
    ['Australia/Lord_Howe', -660],
    ['Pacific/Kiritimati', -840],
  ] as const) {
    it(`gives the same results with TZ=${zone}`, async () => {
      const under = await parseUnder(zone);
      assert.equal(under.offset, offset);
      assert.deepEqual(
        under.results,
        CASES.map(([, result]) => result),
      );
    });
  }
});
