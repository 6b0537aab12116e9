import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOriginAllowed } from './origin.ts';

test('allows requests without Origin (non-browser clients)', () => {
  assert.equal(isOriginAllowed(undefined, []), true);
});

test('allows loopback origins by default', () => {
  for (const origin of ['http://localhost:5173', 'http://127.0.0.1', 'https://[::1]:8443']) {
    assert.equal(isOriginAllowed(origin, []), true, origin);
  }
});

test('refuses other origins unless configured', () => {
  assert.equal(isOriginAllowed('https://evil.example', []), false);
  assert.equal(isOriginAllowed('http://localhost.evil.example', []), false);
  assert.equal(isOriginAllowed('https://app.example', ['https://app.example']), true);
  assert.equal(isOriginAllowed('https://app.example:444', ['https://app.example']), false);
});

test('refuses an Origin that is not a URL, including null', () => {
  assert.equal(isOriginAllowed('null', []), false);
  assert.equal(isOriginAllowed('not a url', []), false);
});

test('allows every origin with *', () => {
  assert.equal(isOriginAllowed('https://evil.example', '*'), true);
});
