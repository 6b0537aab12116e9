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

test('redact masks credentials after an auth scheme, not the words that follow "token" or "bearer" in prose', () => {
  assert.deepEqual(
    redact({
      reason: 'The access token expired',
      hint: 'Unauthorized: send an OAuth bearer token',
      long: 'The access token is too long',
      header: 'authorization: bearer abcDEF123.x',
      basic: 'Basic dXNlcjpwYXNz',
      github: 'token ghp_16C7e42F292c6912E7710c838347Ae178B4a',
      upper: 'BEARER opaque-value-1',
    }),
    {
      reason: 'The access token expired',
      hint: 'Unauthorized: send an OAuth bearer token',
      long: 'The access token is too long',
      header: 'authorization: bearer [REDACTED]',
      basic: 'Basic [REDACTED]',
      github: 'token [REDACTED]',
      upper: 'BEARER [REDACTED]',
    },
  );
});
