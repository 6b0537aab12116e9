// What `lambda-mcp call` does when the server asks for input while it works: the person at
// the terminal answers (TerminalInput, driven here through a stream), on 2026-07-28 as MRTR
// rounds and on a 2025 session as requests on the response stream.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { type RunningServer, serve } from 'lambda-mcp/node';
import { server as everything } from '../../../examples/everything/src/server.ts';
import { connectToServer } from '../src/call/connect-to-server.ts';
import { type ClientInput, NO_INPUT } from '../src/call/server-connection.ts';
import { ServerError } from '../src/call/server-error.ts';
import { TerminalInput } from '../src/call/terminal-input.ts';
import type { JsonObject } from '../src/remote/json-rpc.ts';
import { type LegacySdkServer, serveLegacySdkServer } from './fixtures/proxy-legacy-sdk-server.ts';

/** A TerminalInput fed `lines` as if typed, and what it printed. */
function typing(...lines: string[]): { input: TerminalInput; printed: () => string } {
  const stdin = new PassThrough();
  const stderr = new PassThrough();
  let printed = '';
  stderr.setEncoding('utf8').on('data', (chunk: string) => {
    printed += chunk;
  });
  stdin.end(lines.map((line) => `${line}\n`).join(''));
  return { input: new TerminalInput(stdin, stderr), printed: () => printed };
}

/** Answers every question with the next of `answers`, and remembers what was asked. */
function scripted(...answers: JsonObject[]): ClientInput & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    capabilities: { elicitation: { form: {} }, sampling: {} },
    async request(method) {
      asked.push(method);
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`nothing left to answer ${method}`);
      return answer;
    },
  };
}

const textOf = (result: JsonObject) => (result.content as { text: string }[])[0]?.text;

describe('TerminalInput', () => {
  test('fills a form field by field: defaults on Enter, numbers, choices by number, then sends', async () => {
    const { input, printed } = typing('', '41', 'x', '80.5', '2', 'n', '');

    const answer = await input.request('elicitation/create', {
      message: 'Update the form',
      requestedSchema: {
        type: 'object',
        properties: {
          name: { type: 'string', default: 'John Doe' },
          age: { type: 'integer' },
          score: { type: 'number' },
          status: { type: 'string', enum: ['active', 'inactive'] },
          verified: { type: 'boolean' },
        },
      },
    });
    input.close();

    assert.deepEqual(answer, {
      action: 'accept',
      content: { name: 'John Doe', age: 41, score: 80.5, status: 'inactive', verified: false },
    });
    assert.match(printed(), /^\nUpdate the form\n/);
    assert.match(printed(), /score \(number\): x\n {2}a number, please\n {2}score \(number\): 80\.5\n/);
    assert.match(printed(), / {2}1\) active {2}2\) inactive\n/);
  });

  test('a required field is asked again; "n" declines the form without its content', async () => {
    const { input, printed } = typing('', 'Ann', 'n');

    const answer = await input.request('elicitation/create', {
      message: 'Name?',
      requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    });
    input.close();

    assert.deepEqual(answer, { action: 'decline' });
    assert.match(
      printed(),
      /name \(string, required\): \n {2}required\n {2}name \(string, required\): Ann\n/,
    );
  });

  test('several choices by number, value or title; the end of stdin cancels', async () => {
    const choices = {
      type: 'array',
      items: { anyOf: [{ const: 'a', title: 'First' }, { const: 'b', title: 'Second' }, { const: 'c' }] },
    };
    const { input } = typing('1, Second,c', 'y');
    const form = { message: 'Pick', requestedSchema: { type: 'object', properties: { picks: choices } } };

    assert.deepEqual(await input.request('elicitation/create', form), {
      action: 'accept',
      content: { picks: ['a', 'b', 'c'] },
    });
    assert.deepEqual(await input.request('elicitation/create', form), { action: 'cancel' });
    input.close();
  });

  test('a URL elicitation is shown, accepted once visited', async () => {
    const { input, printed } = typing('');

    const answer = await input.request('elicitation/create', {
      mode: 'url',
      message: 'Sign in',
      url: 'https://example.com/login',
      elicitationId: 'e1',
    });
    input.close();

    assert.deepEqual(answer, { action: 'accept' });
    assert.match(printed(), /\n {2}https:\/\/example\.com\/login\n/);
  });

  test('a sampling request is answered as the model, with the conversation shown', async () => {
    const { input, printed } = typing('Paris');

    const answer = await input.request('sampling/createMessage', {
      systemPrompt: 'Be brief.',
      messages: [{ role: 'user', content: { type: 'text', text: 'Capital of France?' } }],
      maxTokens: 10,
    });
    input.close();

    assert.deepEqual(answer, {
      role: 'assistant',
      content: { type: 'text', text: 'Paris' },
      model: 'lambda-mcp-call-terminal',
      stopReason: 'endTurn',
    });
    assert.match(printed(), /up to 10 tokens:\n {2}system: Be brief\.\n {2}user: Capital of France\?\n/);
  });
});

describe('call connections answer what the server asks', { concurrency: 2 }, () => {
  let ours: RunningServer;
  let legacy: LegacySdkServer;
  const options = (input: ClientInput, protocol?: string) => ({
    headers: {},
    protocol,
    timeoutMs: 10_000,
    clientInfo: { name: 'test', version: '1.0.0' },
    input,
  });

  before(async () => {
    [ours, legacy] = await Promise.all([
      serve(everything, { port: 0, handleSignals: false }),
      serveLegacySdkServer(),
    ]);
  });
  after(async () => {
    await Promise.all([ours.close(), legacy.close()]);
  });

  test('2026-07-28: each input_required round is answered and the call retried until complete', async () => {
    const input = scripted(
      { action: 'accept', content: { name: 'Ann' } },
      { action: 'accept', content: { color: 'blue' } },
    );
    const connection = await connectToServer({ url: new URL(ours.url), ...options(input) });

    const result = await connection.request('tools/call', { name: 'test_input_required_result_multi_round' });

    assert.equal(connection.revision, '2026-07-28');
    assert.equal(textOf(result), 'Ann likes blue.');
    assert.equal(result.resultType, undefined);
    assert.deepEqual(input.asked, ['elicitation/create', 'elicitation/create']);
  });

  test('2026-07-28: a sampling input request is answered', async () => {
    const input = scripted({ role: 'assistant', content: { type: 'text', text: 'Paris' }, model: 'm' });
    const connection = await connectToServer({ url: new URL(ours.url), ...options(input) });

    const result = await connection.request('tools/call', { name: 'test_input_required_result_sampling' });

    assert.equal(textOf(result), 'The model answered: Paris');
  });

  test('without a terminal nothing is declared, and the server says what it is missing', async () => {
    const connection = await connectToServer({ url: new URL(ours.url), ...options(NO_INPUT) });

    const failure = await connection
      .request('tools/call', { name: 'test_input_required_result_elicitation' })
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    assert.ok(failure instanceof ServerError);
    assert.equal(failure.code, -32021);
  });

  test("2025 session: the server's elicitation request on the response stream is answered", async () => {
    const input = scripted({ action: 'accept', content: { name: 'Eve' } });
    const connection = await connectToServer({ url: new URL(legacy.url), ...options(input) });

    const result = await connection.request('tools/call', { name: 'ask_name', arguments: {} });
    await connection.close();

    assert.equal(connection.revision, '2025-11-25');
    assert.equal(textOf(result), 'Asked by Eve');
  });

  test('2025 session without a terminal: the request is refused and the tool reports it', async () => {
    const connection = await connectToServer({
      url: new URL(legacy.url),
      ...options(NO_INPUT, '2025-06-18'),
    });

    const failure = await connection.request('tools/call', { name: 'ask_name', arguments: {} }).then(
      (result) => result,
      (error: unknown) => error,
    );
    await connection.close();

    assert.equal(connection.revision, '2025-06-18');
    assert.ok(failure instanceof ServerError || (failure as JsonObject).isError === true, String(failure));
  });
});
