import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as z from 'zod';
import { createExchangeHandler } from '../http/handle-exchange.ts';
import type { Logger } from '../log/logger.ts';
import { createServer } from './create-server.ts';
import { definitionOf } from './definition.ts';
import { ToolError } from './tool-error.ts';

/** A fake logger that keeps what it was given, to check what reaches the log. */
function recordingLogger() {
  const errors: { message: string; fields: Record<string, unknown> | undefined }[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (message, fields) => errors.push({ message, fields }),
  };
  return { logger, errors };
}

function toolServer(logger: Logger) {
  const server = createServer({ name: 'tools', version: '1.0.0', logger });
  server
    .tool('text', { description: 'text' }, () => 'plain')
    .tool('blocks', { description: 'blocks' }, () => [{ type: 'text' as const, text: 'a' }])
    .tool('whole', { description: 'whole' }, () => ({
      content: [{ type: 'text' as const, text: 'w' }],
      isError: false,
    }))
    .tool('nothing', { description: 'nothing' }, () => undefined as never)
    .tool('number', { description: 'number' }, () => 42 as never)
    .tool(
      'sum',
      {
        description: 'sum',
        input: z.object({ a: z.number(), b: z.number() }),
        output: z.object({ sum: z.number() }),
      },
      ({ a, b }) => ({ sum: a + b }),
    )
    .tool(
      'by_id',
      {
        description: 'by id',
        input: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
        output: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
      },
      // Its output is the number it chose: an unsafe integer is sent as it is.
      ({ id }) => ({ id: id === 0 ? 2 ** 60 : id }),
    )
    .tool('bad_output', { description: 'bad', output: z.object({ sum: z.number() }) }, () => ({
      sum: 'x' as never,
    }))
    .tool('refuses', { description: 'refuses' }, () => {
      throw new ToolError('Task 42 not found. Call list_tasks to see valid ids.', {
        code: 'NOT_FOUND',
        details: { id: 42 },
      });
    })
    .tool('refuses_plainly', { description: 'refuses' }, () => {
      throw new ToolError('Try again with a shorter text.');
    })
    .tool('crashes', { description: 'crashes' }, () => {
      throw new Error('connection string postgres://secret@db leaked');
    })
    .tool('hangs', { description: 'hangs' }, () => new Promise<string>(() => {}))
    .tool(
      'honours',
      { description: 'stops on abort' },
      (_input, ctx) =>
        // Stops its work and says so, as a handler that passes ctx.signal down does.
        new Promise<string>((_resolve, reject) =>
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)),
        ),
    )
    .tool(
      'finishes_late',
      { description: 'finishes just after the abort' },
      (_input, ctx) =>
        new Promise<string>((resolve) =>
          ctx.signal.addEventListener('abort', () => setTimeout(() => resolve('done'), 10)),
        ),
    );
  return server;
}

async function call(
  name: string,
  args: Record<string, unknown> = {},
  exchange: { deadline?: number; signal?: AbortSignal } = {},
  logger: Logger = recordingLogger().logger,
) {
  const handle = createExchangeHandler(toolServer(logger));
  const reply = await handle({
    method: 'POST',
    path: '/mcp',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
    platform: { kind: 'other', name: 'test', request: undefined },
    ...exchange,
  });
  assert.equal(reply.status, 200);
  return JSON.parse(reply.body as string) as { result?: Record<string, unknown>; error?: unknown };
}

test('wraps a returned string in one text block', async () => {
  assert.deepEqual((await call('text')).result, { content: [{ type: 'text', text: 'plain' }] });
});

test('passes returned content blocks and whole results through', async () => {
  assert.deepEqual((await call('blocks')).result, { content: [{ type: 'text', text: 'a' }] });
  assert.deepEqual((await call('whole')).result, { content: [{ type: 'text', text: 'w' }], isError: false });
  assert.deepEqual((await call('nothing')).result, { content: [] });
});

test('answers a return value it cannot shape with -32603 naming the fix', async () => {
  assert.deepEqual((await call('number')).error, {
    code: -32603,
    message: 'Tool number returned number; return a string, content blocks, or declare an output schema',
  });
});

test('returns validated output as structuredContent and as JSON text', async () => {
  assert.deepEqual((await call('sum', { a: 1, b: 2 })).result, {
    content: [{ type: 'text', text: '{"sum":3}' }],
    structuredContent: { sum: 3 },
  });
});

test('answers output that breaks the outputSchema with -32603 and logs it for the author', async () => {
  const { logger, errors } = recordingLogger();
  assert.deepEqual((await call('bad_output', {}, {}, logger)).error, {
    code: -32603,
    message:
      'Tool bad_output returned output that does not match its outputSchema: sum: Invalid input: expected number, received string',
  });
  assert.deepEqual(
    errors.map((e) => [e.message, e.fields?.tool]),
    [['tool returned an invalid result', 'bad_output']],
  );
});

test('answers invalid arguments with an isError VALIDATION_ERROR result, before the handler runs', async () => {
  assert.deepEqual((await call('sum', { a: 1 })).result, {
    content: [
      {
        type: 'text',
        text: 'VALIDATION_ERROR: Invalid arguments for tool sum: b is required',
      },
    ],
    isError: true,
    _meta: { 'lambda-mcp/error': { code: 'VALIDATION_ERROR' } },
  });
});

test('refuses an integer argument past 2^53, which JSON.parse has already rounded to another number', async () => {
  assert.deepEqual((await call('by_id', { id: 2 ** 63 })).result, {
    content: [
      {
        type: 'text',
        text: 'VALIDATION_ERROR: Invalid arguments for tool by_id: id must be an integer between -(2^53 - 1) and 2^53 - 1: a larger one cannot be read exactly from JSON (send such ids as strings)',
      },
    ],
    isError: true,
    _meta: { 'lambda-mcp/error': { code: 'VALIDATION_ERROR' } },
  });
  assert.deepEqual((await call('by_id', { id: 0 })).result?.structuredContent, { id: 2 ** 60 });
});

test('turns a ToolError into an isError result with its code and details', async () => {
  assert.deepEqual((await call('refuses')).result, {
    content: [{ type: 'text', text: 'NOT_FOUND: Task 42 not found. Call list_tasks to see valid ids.' }],
    isError: true,
    _meta: { 'lambda-mcp/error': { code: 'NOT_FOUND', id: 42 } },
  });
  assert.deepEqual((await call('refuses_plainly')).result, {
    content: [{ type: 'text', text: 'Try again with a shorter text.' }],
    isError: true,
  });
});

test('answers an unexpected error generically, with no message or stack, and logs the cause', async () => {
  const { logger, errors } = recordingLogger();
  const answer = await call('crashes', {}, {}, logger);
  assert.deepEqual(answer.result, {
    content: [
      {
        type: 'text',
        text: 'Tool crashes failed with an internal error. The failure was logged; try again later.',
      },
    ],
    isError: true,
  });
  assert.doesNotMatch(JSON.stringify(answer), /secret|at |\.ts/);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.message, 'tool failed');
  assert.equal(
    (errors[0]?.fields?.error as Error | undefined)?.message,
    'connection string postgres://secret@db leaked',
  );
});

test('answers TIMEOUT with an unknown outcome when a handler ignores its signal past the deadline', async () => {
  // A deadline already inside the margin: the request is aborted as soon as the handler waits.
  assert.deepEqual((await call('hangs', {}, { deadline: Date.now() })).result, {
    content: [
      {
        type: 'text',
        text: 'TIMEOUT: Tool hangs did not finish before the request deadline. Its outcome is unknown: it may still complete. Check whether it took effect before calling it again.',
      },
    ],
    isError: true,
    _meta: { 'lambda-mcp/error': { code: 'TIMEOUT' } },
  });
});

test('answers TIMEOUT saying the work stopped when the handler confirms it by throwing the signal reason', async () => {
  const content = (await call('honours', {}, { deadline: Date.now() })).result?.content as { text: string }[];
  assert.equal(
    content[0]?.text,
    'TIMEOUT: Tool honours did not finish before the request deadline and stopped without completing. Try a smaller request, or try again later.',
  );
});

test('answers the real result when a handler finishes within the grace period after the abort', async () => {
  assert.deepEqual((await call('finishes_late', {}, { deadline: Date.now() })).result, {
    content: [{ type: 'text', text: 'done' }],
  });
});

test('stops a handler when the client goes away', async () => {
  const client = new AbortController();
  const pending = call('hangs', {}, { signal: client.signal });
  client.abort();
  const content = (await pending).result?.content as { text: string }[] | undefined;
  const text = content?.[0]?.text;
  assert.equal(text, 'CANCELLED: Tool hangs was cancelled because the client closed the request.');
});

test('stops a handler at once when the client left before the request was handled', {
  timeout: 10_000,
}, async () => {
  const text = (
    (await call('hangs', {}, { signal: AbortSignal.abort() })).result?.content as
      | { text: string }[]
      | undefined
  )?.[0]?.text;
  assert.equal(text, 'CANCELLED: Tool hangs was cancelled because the client closed the request.');
});

test('refuses a plain JSON input schema that is not an object schema at registration', () => {
  const server = createServer({ name: 'tools', version: '1.0.0' });
  assert.throws(() => server.tool('list', { description: 'list', input: { type: 'array' } }, () => 'x'), {
    name: 'TypeError',
    message: 'Tool "list": input must be an object schema (MCP requires inputSchema.type "object").',
  });
});

test('refuses a Standard Schema input that is not an object schema when its JSON Schema is first needed', () => {
  const server = createServer({ name: 'tools', version: '1.0.0' });
  server.tool('list', { description: 'list', input: z.array(z.string()) }, () => 'x');
  assert.throws(() => definitionOf(server).tools.get('list')?.descriptor, {
    name: 'TypeError',
    message: 'Tool "list": input must be an object schema (MCP requires inputSchema.type "object").',
  });
});

test('refuses, at registration, a plain JSON Schema using an assertion the validator does not check', () => {
  const server = createServer({ name: 'tools', version: '1.0.0' });
  const input = { type: 'object', properties: { a: { $dynamicRef: '#node' } } };
  assert.throws(() => server.tool('strict', { description: 'strict', input }, () => 'x'), {
    name: 'TypeError',
    message:
      'Tool "strict" inputSchema: properties.a uses $dynamicRef, which this validator does not support',
  });
});
