import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, redact } from './redact.ts';

test('redact never hands back what lies beyond its depth limit unread: a deeper object is redacted whole', () => {
  let deep: Record<string, unknown> = { password: 'hunter2', note: 'Bearer abc.def' };
  for (let level = 0; level < 12; level++) deep = { level: deep };
  const text = JSON.stringify(redact(deep));
  assert.equal(text.includes('hunter2'), false, text);
  assert.equal(text.includes('abc.def'), false, text);
  assert.equal(text.includes(`"level":"${REDACTED}"`), true, text);
});

test('redact masks a string beyond its depth limit like any other', () => {
  let deep: unknown = 'Authorization: Bearer abc.def';
  for (let level = 0; level < 12; level++) deep = [deep];
  assert.equal(JSON.stringify(redact(deep)).includes('abc.def'), false);
});
