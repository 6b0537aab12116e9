import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundleLambda } from './bundle-lambda.ts';
import { toolsCallEvent } from './fixtures/http-api-event.ts';
import {
  type FakeRuntimeApi,
  type InvocationOutcome,
  splitPrelude,
  startFakeRuntimeApi,
} from './runtime-api.ts';
import { type RunningRic, spawnRic } from './spawn-ric.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** Bundles one fixture entry, then runs it under the real runtime interface client. */
function underRic(entry: string) {
  const state: { dir: string; api?: FakeRuntimeApi; ric?: RunningRic } = {
    dir: mkdtempSync(join(tmpdir(), 'lambda-mcp-ric-')),
  };
  before(async () => {
    await bundleLambda(join(FIXTURES, entry), state.dir);
    state.api = await startFakeRuntimeApi();
    state.ric = spawnRic(state.dir, state.api.address);
  });
  after(async () => {
    // Closing the API ends the runtime's pending `next` poll, which lets it exit on SIGTERM.
    await Promise.all([state.ric?.stop(), state.api?.close()]);
    rmSync(state.dir, { recursive: true, force: true });
  });
  const invoke = async (event: unknown): Promise<InvocationOutcome> => {
    const exited = state.ric!.exited.then((how) => {
      throw new Error(`aws-lambda-ric exited (${how}): ${state.ric!.output()}`);
    });
    const initFailed = state.api!.initError.then((error) => {
      throw new Error(`init error reported: ${JSON.stringify(error)}\n${state.ric!.output()}`);
    });
    return Promise.race([state.api!.invoke(event), exited, initFailed]);
  };
  /** What the runtime process wrote to stdout and stderr so far. */
  const output = () => state.ric?.output() ?? '';
  return Object.assign(invoke, { output });
}

describe('the buffered handler under aws-lambda-ric', () => {
  const invoke = underRic('buffered.ts');

  test('posts the tools/call result as the invocation response', async () => {
    const outcome = await invoke(toolsCallEvent(1, 'add', { a: 20, b: 22 }));

    assert.equal(outcome.kind, 'response');
    assert.equal(outcome.mode, 'buffered');
    const result = JSON.parse(outcome.body.toString('utf8'));
    assert.equal(result.statusCode, 200);
    assert.equal(result.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(result.body), {
      jsonrpc: '2.0',
      id: 1,
      result: {
        resultType: 'complete',
        content: [{ type: 'text', text: '{"sum":42}' }],
        structuredContent: { sum: 42 },
        _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'test/lambda-fixture', version: '1.0.0' } },
      },
    });
  });

  test('answers a second invocation in the same warm process', async () => {
    const outcome = await invoke(toolsCallEvent(2, 'add', { a: 1, b: 2 }));

    assert.equal(outcome.kind, 'response');
    const result = JSON.parse(outcome.body.toString('utf8'));
    assert.deepEqual(JSON.parse(result.body).result.structuredContent, { sum: 3 });
  });

  test('writes one whole JSON line per tools/call, its log record and EMF document at once, past the runtime console formatter', () => {
    // The runtime re-formats console.* output ("<time>\t<request id>\tINFO\t<message>"), which
    // would stop CloudWatch reading a line as JSON or extracting EMF from it.
    const lines = invoke.output().split('\n');
    const requestLines = lines.filter((line) => line.includes('"message":"mcp request"'));
    assert.equal(requestLines.length, 2, invoke.output());
    assert.equal(lines.filter((line) => line.includes('"CloudWatchMetrics"')).length, 2, invoke.output());
    const first = JSON.parse(requestLines[0]!);
    assert.equal(first.tool, 'add');
    assert.equal('ToolErrors' in first, false);
    assert.equal(first.ToolLatency, first.durationMs);
    assert.equal(first.ColdStart, 1);
    assert.deepEqual(
      first._aws.CloudWatchMetrics.map((directive: { Dimensions: string[][] }) => directive.Dimensions),
      [[['service']], [['service', 'tool']]],
    );
    assert.equal(JSON.parse(requestLines[1]!).coldStart, undefined);
  });

  test('answers an SQS event 400 unsupported_event and logs one JSON warning line naming its source', async () => {
    const outcome = await invoke({
      Records: [{ eventSource: 'aws:sqs', messageId: 'm-1', body: 'order 7' }],
    });

    assert.equal(outcome.kind, 'response');
    const result = JSON.parse(outcome.body.toString('utf8'));
    assert.equal(result.statusCode, 400);
    assert.equal(JSON.parse(result.body).error, 'unsupported_event');
    const warnings = invoke
      .output()
      .split('\n')
      .filter((line) => line.includes('not an HTTP request'));
    assert.equal(warnings.length, 1, invoke.output());
    const warning = JSON.parse(warnings[0]!);
    assert.equal(warning.level, 'warn');
    assert.equal(warning.eventSource, 'aws:sqs');
    assert.deepEqual(warning.eventKeys, ['Records']);
    // The message itself (data) stays out of the log.
    assert.equal(warnings[0]!.includes('order 7'), false);
  });
});

describe('the streaming handler under aws-lambda-ric', () => {
  const invoke = underRic('streaming.ts');

  test('streams the status/headers prelude, 8 NUL bytes and the SSE body', async () => {
    const event = toolsCallEvent(3, 'count_to', { n: 2 }, { progressToken: 'p1' });

    const outcome = await invoke(event);

    assert.equal(outcome.kind, 'response');
    assert.equal(outcome.mode, 'streaming');
    assert.equal(outcome.contentType, 'application/vnd.awslambda.http-integration-response');
    assert.equal(outcome.trailers['lambda-runtime-function-error-type'], undefined);
    const { prelude, body } = splitPrelude(outcome.body);
    assert.deepEqual(prelude, {
      statusCode: 200,
      headers: {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
    });
    const serverInfo = { name: 'test/lambda-fixture', version: '1.0.0' };
    const progress = (step: number) => ({
      jsonrpc: '2.0',
      method: 'notifications/progress',
      params: { progressToken: 'p1', progress: step, total: 2, message: `step ${step}` },
    });
    const result = {
      jsonrpc: '2.0',
      id: 3,
      result: {
        content: [{ type: 'text', text: 'counted to 2' }],
        resultType: 'complete',
        _meta: { 'io.modelcontextprotocol/serverInfo': serverInfo },
      },
    };
    assert.equal(
      body,
      [progress(1), progress(2), result]
        .map((m) => `event: message\ndata: ${JSON.stringify(m)}\n\n`)
        .join(''),
    );
  });
});
