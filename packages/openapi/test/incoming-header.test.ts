import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Platform } from 'lambda-mcp';
import { albEvent, lambdaContext, restApiEvent } from 'lambda-mcp/testing';
import { incomingHeader } from '../src/incoming-header.ts';

const lambda = (event: object): Platform =>
  ({ kind: 'lambda', event, context: lambdaContext(), coldStart: false }) as unknown as Platform;

test('a repeated header on a REST API or ALB event keeps every value, in order', () => {
  const rest = restApiEvent({ headers: { 'X-Tag': 'a' } }) as { headers: object; multiValueHeaders: object };
  rest.headers = { ...rest.headers, 'X-Tag': 'b' };
  rest.multiValueHeaders = { ...rest.multiValueHeaders, 'X-Tag': ['a', 'b'] };

  assert.equal(incomingHeader(lambda(rest), 'x-tag'), 'a, b');
  assert.equal(incomingHeader(lambda(albEvent({ headers: { 'X-Tag': 'c' } })), 'X-TAG'), 'c');
  assert.equal(incomingHeader(lambda(rest), 'x-missing'), undefined);
});
