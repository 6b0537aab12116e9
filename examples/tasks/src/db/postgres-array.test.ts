import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePostgresArray, serializePostgresArray } from './postgres-array.ts';

const text = (value: string) => value;

describe('parsePostgresArray', () => {
  it('reads plain and quoted elements, escapes, NULL and the string "NULL", and empty strings', () => {
    assert.deepEqual(parsePostgresArray('{a,"b c","say \\"hi\\"","back\\\\slash",NULL,"NULL",""}', text), [
      'a',
      'b c',
      'say "hi"',
      'back\\slash',
      null,
      'NULL',
      '',
    ]);
  });

  it('reads empty and nested arrays, commas and braces inside quotes, and bounds other than 1', () => {
    assert.deepEqual(parsePostgresArray('{}', text), []);
    assert.deepEqual(parsePostgresArray('{{1,2},{3,NULL}}', Number), [
      [1, 2],
      [3, null],
    ]);
    assert.deepEqual(parsePostgresArray('{"a,b","{c}"}', text), ['a,b', '{c}']);
    assert.deepEqual(parsePostgresArray('[0:1]={x,y}', text), ['x', 'y']);
  });

  it('refuses text that is not an array instead of guessing', () => {
    for (const bad of ['', 'a,b', '{a', '{"a}', '{a}b', '{{a}']) {
      assert.throws(() => parsePostgresArray(bad, text), {
        message: `Unexpected array text from the database: ${bad}`,
      });
    }
  });
});

describe('serializePostgresArray', () => {
  it('quotes every element and escapes quotes and backslashes, so the server reads them back exactly', () => {
    const values = ['a,b', 'say "hi"', 'back\\slash', '{braces}', 'NULL', '', null, undefined];
    const written = serializePostgresArray(values);
    assert.equal(written, '{"a,b","say \\"hi\\"","back\\\\slash","{braces}","NULL","",NULL,NULL}');
    assert.deepEqual(parsePostgresArray(written, text), [...values.slice(0, 6), null, null]);
  });

  it('writes nested arrays, numbers, booleans, dates as instants, bytes as bytea hex and objects as JSON', () => {
    assert.equal(
      serializePostgresArray([
        [1, 2],
        [true],
        [new Date('2026-12-01T00:00:00Z')],
        [Buffer.from([1, 255])],
        [{ a: 1 }],
      ]),
      '{{"1","2"},{"true"},{"2026-12-01T00:00:00.000Z"},{"\\\\x01ff"},{"{\\"a\\":1}"}}',
    );
  });
});
