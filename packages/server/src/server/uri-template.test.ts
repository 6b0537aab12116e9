import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileUriTemplate } from './uri-template.ts';

test('matches simple variables within one path segment', () => {
  const template = compileUriTemplate('weather://{city}/today');
  assert.deepEqual(template.variables, ['city']);
  assert.deepEqual(template.match('weather://lisbon/today'), { city: 'lisbon' });
  assert.equal(template.match('weather://lisbon/north/today'), undefined);
  assert.equal(template.match('weather:///today'), undefined);
});

test('decodes percent-encoded values', () => {
  assert.deepEqual(compileUriTemplate('users://{name}').match('users://zo%C3%AB%20b'), { name: 'zoë b' });
});

test('matches a reserved {+var} across slashes', () => {
  assert.deepEqual(compileUriTemplate('file:///{+path}').match('file:///docs/a/b.md'), {
    path: 'docs/a/b.md',
  });
});

test('matches several variables and escapes the literal parts', () => {
  const template = compileUriTemplate('db://{table}.{id}');
  assert.deepEqual(template.match('db://tasks.42'), { table: 'tasks', id: '42' });
  assert.equal(template.match('db://tasksX42'), undefined);
});

test('reads {?a,b} query variables, any present, any order', () => {
  const template = compileUriTemplate('search://items{?q,limit}');
  assert.deepEqual(template.variables, ['q', 'limit']);
  assert.deepEqual(template.match('search://items?limit=5&q=red%20car'), { q: 'red car', limit: '5' });
  assert.deepEqual(template.match('search://items'), {});
});

test('refuses a uri that does not fit the template', () => {
  assert.equal(compileUriTemplate('notes://{id}').match('tasks://1'), undefined);
  assert.equal(compileUriTemplate('notes://{id}').match('notes://1/extra'), undefined);
});

test('does not match a value with malformed percent-encoding (no URIError escapes)', () => {
  const template = compileUriTemplate('users://{name}/profile');
  assert.equal(template.match('users://%E0%A4%A/profile'), undefined);
  assert.equal(template.match('users://100%/profile'), undefined);
});

test('splits a multi-variable expression at its commas, as RFC 6570 expands it', () => {
  assert.deepEqual(compileUriTemplate('map://tile/{x,y}/z').match('map://tile/10,20/z'), {
    x: '10',
    y: '20',
  });
  assert.deepEqual(compileUriTemplate('map://{x,y}').match('map://1,2'), { x: '1', y: '2' });
  assert.equal(compileUriTemplate('map://{x,y}').match('map://12'), undefined);
  assert.deepEqual(compileUriTemplate('files:///{+dir,name}').match('files:///a/b,c.txt'), {
    dir: 'a/b',
    name: 'c.txt',
  });
});

test('a {#var} fragment expansion starts with "#", which is not part of the value', () => {
  const template = compileUriTemplate('doc://page{#section}');
  assert.deepEqual(template.match('doc://page#intro'), { section: 'intro' });
  assert.equal(template.match('doc://pageintro'), undefined);
  assert.deepEqual(compileUriTemplate('doc://page{#a,b}').match('doc://page#x,y'), { a: 'x', b: 'y' });
});

test('query values are percent-decoded as RFC 6570 encodes them: a "+" stays a plus', () => {
  const template = compileUriTemplate('search://items{?q,limit}');
  assert.deepEqual(template.match('search://items?q=c%2B%2B&limit=5'), { q: 'c++', limit: '5' });
  assert.deepEqual(template.match('search://items?q=c++'), { q: 'c++' });
  assert.deepEqual(template.match('search://items?q=red%20car'), { q: 'red car' });
  assert.equal(template.match('search://items?q=%E0%A4%A'), undefined);
});
