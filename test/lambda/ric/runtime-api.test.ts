import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type FakeRuntimeApi, splitPrelude, startFakeRuntimeApi } from './runtime-api.ts';

describe('the fake Lambda Runtime API', () => {
  let api: FakeRuntimeApi;
  before(async () => {
    api = await startFakeRuntimeApi();
  });
  after(() => api.close());

  test('delivers a queued event with the documented invocation headers', async () => {
    const outcome = api.invoke({ hello: 'world' });
    const next = await fetch(`http://${api.address}/2018-06-01/runtime/invocation/next`);
    const id = next.headers.get('lambda-runtime-aws-request-id')!;
    assert.deepEqual(await next.json(), { hello: 'world' });
    assert.match(next.headers.get('lambda-runtime-deadline-ms')!, /^\d+$/);
    assert.match(next.headers.get('lambda-runtime-invoked-function-arn')!, /^arn:aws:lambda:/);
    assert.match(next.headers.get('lambda-runtime-trace-id')!, /^Root=1-/);

    const posted = await fetch(`http://${api.address}/2018-06-01/runtime/invocation/${id}/response`, {
      method: 'POST',
      body: '{"ok":true}',
    });

    assert.equal(posted.status, 202);
    const settled = await outcome;
    assert.equal(settled.kind, 'response');
    assert.equal(settled.kind === 'response' && settled.body.toString(), '{"ok":true}');
  });

  test('rejects a response for an unknown request id with 400 InvalidRequestID', async () => {
    const posted = await fetch(`http://${api.address}/2018-06-01/runtime/invocation/nope/response`, {
      method: 'POST',
      body: '{}',
    });

    assert.equal(posted.status, 400);
    assert.deepEqual(await posted.json(), {
      errorMessage: 'unknown request id nope',
      errorType: 'InvalidRequestID',
    });
  });

  test('answers an undocumented route with 404', async () => {
    const response = await fetch(`http://${api.address}/2018-06-01/runtime/other`);

    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), {
      errorMessage: 'no route GET /2018-06-01/runtime/other',
      errorType: 'NotFound',
    });
  });

  test('refuses a streamed body without the 8-byte NUL separator', () => {
    assert.throws(() => splitPrelude(Buffer.from('{"statusCode":200}data')), {
      message: 'no 8-byte NUL separator after the prelude',
    });
  });
});
