/**
 * The bundles every task server template points at (`npm run bundle`: lambda-mcp build of
 * src/handler.ts, src/streaming-handler.ts and src/authorizer.ts), run as Lambda runs them:
 * under the real runtime interface client (aws-lambda-ric) polling the repository's fake
 * Runtime API, with no database configured (listing tools needs none), buffered and streaming.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { functionUrlEvent, mcpRequest, restApiEvent } from 'lambda-mcp/testing';
import { bundleAll } from '../../examples/tasks/infra/bundle.ts';
import { restAuthorizerEvent } from '../../examples/tasks/test/authorizer-events.ts';
import {
  type FakeRuntimeApi,
  type InvocationOutcome,
  splitPrelude,
  startFakeRuntimeApi,
} from '../lambda/ric/runtime-api.ts';
import { type RunningRic, spawnRic } from '../lambda/ric/spawn-ric.ts';

const dir = mkdtempSync(join(tmpdir(), 'tasks-ric-'));
const TOOLS = 12;
before(() => bundleAll(dir, true));
after(() => rmSync(dir, { recursive: true, force: true }));

/** One bundle under aws-lambda-ric for the tests of a describe block. */
function underRic(bundle: string) {
  const state: { api?: FakeRuntimeApi; ric?: RunningRic } = {};
  before(async () => {
    state.api = await startFakeRuntimeApi();
    state.ric = spawnRic(join(dir, bundle), state.api.address);
  });
  after(async () => {
    await Promise.all([state.ric?.stop(), state.api?.close()]);
  });
  return (event: unknown): Promise<InvocationOutcome> => {
    const exited = state.ric!.exited.then((how) => {
      throw new Error(`aws-lambda-ric exited (${how}): ${state.ric!.output()}`);
    });
    return Promise.race([state.api!.invoke(event), exited]);
  };
}

const toolsList = () => mcpRequest('tools/list', {});

describe('dist/server (handler.ts, buffered) under aws-lambda-ric', () => {
  const invoke = underRic('server');
  it('answers tools/list from a REST API proxy event', async () => {
    const { headers, body } = toolsList();
    const outcome = await invoke(restApiEvent({ method: 'POST', path: '/mcp', headers, body }));
    assert.equal(outcome.kind, 'response');
    assert.equal(outcome.kind === 'response' && outcome.mode, 'buffered');
    const result = JSON.parse((outcome as { body: Buffer }).body.toString('utf8'));
    assert.equal(result.statusCode, 200);
    assert.equal(JSON.parse(result.body).result.tools.length, TOOLS);
  });
});

describe('dist/streaming (streaming-handler.ts) under aws-lambda-ric', () => {
  const invoke = underRic('streaming');
  it('streams the prelude and the tools/list answer from a Function URL event', async () => {
    const { headers, body } = toolsList();
    const outcome = await invoke(functionUrlEvent({ method: 'POST', path: '/mcp', headers, body }));
    assert.equal(outcome.kind, 'response');
    if (outcome.kind !== 'response') return;
    assert.equal(outcome.mode, 'streaming');
    assert.equal(outcome.contentType, 'application/vnd.awslambda.http-integration-response');
    const { prelude, body: answer } = splitPrelude(outcome.body);
    assert.equal((prelude as { statusCode: number }).statusCode, 200);
    assert.equal(JSON.parse(answer).result.tools.length, TOOLS);
  });
});

describe('dist/authorizer (authorizer.ts) under aws-lambda-ric', () => {
  const invoke = underRic('authorizer');
  it('answers a request without the key with the Unauthorized error API Gateway turns into its 401', async () => {
    const outcome = await invoke(restAuthorizerEvent({}));
    assert.equal(outcome.kind, 'error');
    assert.equal((outcome as { body: { errorMessage: string } }).body.errorMessage, 'Unauthorized');
  });
});
