import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createJsonLogger, LOG_WITH_HEAD, type LogWithHead, logWithHeadOf } from './logger.ts';
import type { Fd } from './write-line.ts';

function recorded(options: Parameters<typeof createJsonLogger>[0] = {}) {
  const lines: { fd: Fd; line: string }[] = [];
  const logger = createJsonLogger({
    level: 'debug',
    ...options,
    writeLine: (fd, line) => lines.push({ fd, line }),
  });
  return { logger, lines };
}

test('a line is the record {level, message, time, ...base, ...fields} as one JSON object', () => {
  const { logger, lines } = recorded({ service: 'tasks', fields: { region: 'eu-west-1' } });
  logger.info('mcp request', { method: 'tools/list', skipped: undefined, n: 1 });
  logger.warn('slow', { region: 'us-east-1' }); // overrides one of two base fields
  logger.debug('bare');
  assert.deepEqual(
    lines.map(({ fd }) => fd),
    [1, 2, 1],
  );
  const [first, second, third] = lines.map(({ line }) => JSON.parse(line));
  assert.match(first.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.deepEqual(first, {
    level: 'info',
    message: 'mcp request',
    time: first.time,
    service: 'tasks',
    region: 'eu-west-1',
    method: 'tools/list',
    n: 1,
  });
  assert.deepEqual(second, {
    level: 'warn',
    message: 'slow',
    time: second.time,
    service: 'tasks',
    region: 'us-east-1',
  });
  assert.deepEqual(third, {
    level: 'debug',
    message: 'bare',
    time: third.time,
    service: 'tasks',
    region: 'eu-west-1',
  });
});

test('a field replacing every base field appears once, with its own value', () => {
  const { logger, lines } = recorded({ service: 'tasks' });
  logger.info('m', { service: 'tasks-api' });
  assert.equal(lines[0]!.line.match(/"service"/g)?.length, 1);
  assert.equal(JSON.parse(lines[0]!.line).service, 'tasks-api');
});

test('errors keep their name, message and cause, at the top and one level down', () => {
  const { logger, lines } = recorded();
  logger.error('failed', {
    error: new TypeError('bad', { cause: 'root' }),
    nested: { error: new Error('inner') },
  });
  const line = JSON.parse(lines[0]!.line);
  assert.equal(line.error.name, 'TypeError');
  assert.equal(line.error.message, 'bad');
  assert.equal(line.error.cause, 'root');
  assert.equal(line.nested.error.message, 'inner');
});

test('a warning or an error keeps an error at any depth; an info line one within two levels', () => {
  const { logger, lines } = recorded();
  const deep = { result: { detail: { error: new RangeError('deep') } } };
  logger.warn('retrying', deep);
  logger.error('failed', deep);
  logger.info('noted', { detail: { error: new RangeError('shallow') } });

  const [warned, failed, noted] = lines.map(({ line }) => JSON.parse(line));
  assert.deepEqual(
    [warned.result.detail.error.name, failed.result.detail.error.message, noted.detail.error.message],
    ['RangeError', 'deep', 'shallow'],
  );
});

test('LOG_WITH_HEAD starts the line with raw members and leaves the time to them; a filtered level writes nothing', () => {
  const { logger, lines } = recorded({ service: 'tasks', level: 'warn' });
  const withHead = logWithHeadOf(logger) as LogWithHead;
  assert.equal(typeof (logger as unknown as Record<symbol, unknown>)[LOG_WITH_HEAD], 'function');
  assert.equal(withHead('info', 'mcp request', { a: 1 }, '"_aws":{"Timestamp":1}'), false);
  assert.equal(withHead('warn', 'mcp request', { a: 1 }, '"_aws":{"Timestamp":1}'), true);
  assert.deepEqual(lines, [
    {
      fd: 2,
      line: '{"_aws":{"Timestamp":1},"level":"warn","message":"mcp request","service":"tasks","a":1}',
    },
  ]);
  assert.equal(logWithHeadOf({ debug() {}, info() {}, warn() {}, error() {} }), undefined);
});

test('a field JSON cannot hold never throws from the logger: BigInt, circular references, cause loops, throwing getters and toJSON', () => {
  const { logger, lines } = recorded();
  const circular: Record<string, unknown> = { id: 1 };
  circular.self = circular;
  const looped = new Error('loop');
  looped.cause = looped;
  const unreadable = {
    get token(): string {
      throw new Error('revoked');
    },
  };
  const badJson = { toJSON: () => Symbol.prototype.toString.call(1) };

  logger.info('order', { id: 10n, circular, shared: [circular.self, circular.self] });
  logger.error('failed', { error: looped, unreadable, badJson });
  logger.info('read', { unreadable });

  const [order, failed, read] = lines.map(({ line }) => JSON.parse(line));
  assert.deepEqual(order, {
    level: 'info',
    message: 'order',
    time: order.time,
    id: '10',
    circular: { id: 1, self: '[Circular]' },
    shared: [
      { id: 1, self: '[Circular]' },
      { id: 1, self: '[Circular]' },
    ],
  });
  assert.deepEqual(failed, {
    level: 'error',
    message: 'failed',
    time: failed.time,
    error: { name: 'Error', message: 'loop', stack: looped.stack, cause: '[Circular]' },
    unreadable: { token: '[Unserializable: revoked]' },
    badJson: "[Unserializable: Symbol.prototype.toString requires that 'this' be a Symbol]",
  });
  assert.deepEqual(read, {
    level: 'info',
    message: 'read',
    time: read.time,
    unreadable: { token: '[Unserializable: revoked]' },
  });
});

test("Powertools' other extra arguments: an Error is the line's error, a string, number, array or null its extra", () => {
  const { logger, lines } = recorded();
  const error = new TypeError('bad input');
  const untyped = logger as unknown as Record<'info' | 'error', (message: string, extra: unknown) => void>;
  untyped.error('failed', error);
  untyped.info('noted', error);
  untyped.info('with text', 'plain words');
  untyped.info('with a list', [1, 2]);
  untyped.info('with a number', 5);
  untyped.info('with null', null);

  const parsed = lines.map(({ line }) => JSON.parse(line));
  const shown = { name: 'TypeError', message: 'bad input', stack: error.stack };
  assert.deepEqual(
    parsed.map(({ time: _time, ...rest }) => rest),
    [
      { level: 'error', message: 'failed', error: shown },
      { level: 'info', message: 'noted', error: shown },
      { level: 'info', message: 'with text', extra: 'plain words' },
      { level: 'info', message: 'with a list', extra: [1, 2] },
      { level: 'info', message: 'with a number', extra: 5 },
      { level: 'info', message: 'with null', extra: null },
    ],
  );
});

test("a field named level, message or time does not replace the line's own (a level of 'high' would hide a line from level filters)", () => {
  const { logger, lines } = recorded({ service: 'tasks' });
  logger.info('level up', { level: 'high', message: 'from the game', time: 12, score: 3 });
  logger.warn('slow', { level: 'debug' });
  const [info, warn] = lines.map(({ line }) => JSON.parse(line));
  assert.match(info.time, /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual(info, { level: 'info', message: 'level up', time: info.time, service: 'tasks', score: 3 });
  assert.deepEqual(warn, { level: 'warn', message: 'slow', time: warn.time, service: 'tasks' });
});

test('POWERTOOLS_LOG_LEVEL=SILENT (or LOG_LEVEL=silent) writes no line at all, errors included, as in Powertools', () => {
  const names = ['AWS_LAMBDA_LOG_LEVEL', 'POWERTOOLS_LOG_LEVEL', 'LOG_LEVEL'] as const;
  const saved = names.map((name) => process.env[name]);
  try {
    for (const name of names) delete process.env[name];
    for (const [name, value] of [
      ['POWERTOOLS_LOG_LEVEL', 'SILENT'],
      ['LOG_LEVEL', 'silent'],
    ] as const) {
      process.env[name] = value;
      const lines: string[] = [];
      const logger = createJsonLogger({ writeLine: (_fd, line) => lines.push(line) });
      logger.warn('careful');
      logger.error('failed', { error: new Error('x') });
      assert.deepEqual(lines, [], `${name}=${value}`);
      delete process.env[name];
    }
  } finally {
    names.forEach((name, index) => {
      if (saved[index] === undefined) delete process.env[name];
      else process.env[name] = saved[index];
    });
  }
});

test("an error's line keeps an AggregateError's errors and its own scalar members (a system error's code, errno, syscall), secret-named ones redacted", () => {
  const { logger, lines } = recorded();
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
    code: 'ECONNREFUSED',
    errno: -111,
    syscall: 'connect',
    port: 5432,
    retryable: true,
    apiToken: 'sk-live-1',
    request: { headers: { authorization: 'Bearer abc' } },
  });
  const one = new Error('one');
  const all = new AggregateError([one, 'two'], 'both failed');
  logger.error('failed', { error: refused });
  logger.warn('retrying', { error: all });

  const [failed, retrying] = lines.map(({ line }) => JSON.parse(line));
  assert.deepEqual(failed.error, {
    name: 'Error',
    message: 'connect ECONNREFUSED 127.0.0.1:5432',
    stack: refused.stack,
    code: 'ECONNREFUSED',
    errno: -111,
    syscall: 'connect',
    port: 5432,
    retryable: true,
    apiToken: '[REDACTED]',
  });
  assert.deepEqual(retrying.error, {
    name: 'AggregateError',
    message: 'both failed',
    stack: all.stack,
    errors: [{ name: 'Error', message: 'one', stack: one.stack }, 'two'],
  });
});

test("an error's own toJSON does not decide its line: axios' puts the request config, credentials included, on it", () => {
  const { logger, lines } = recorded();
  class HttpClientError extends Error {
    config = { headers: { Authorization: 'Bearer sk-live-1' } };
    status = 401;
    toJSON() {
      return { message: this.message, config: this.config };
    }
  }
  const error = new HttpClientError('Request failed with status code 401');
  logger.error('failed', { error });
  logger.info('noted', { error });
  logger.error('failed', { error, orderId: 1n }); // a BigInt: written from the safe copy
  assert.equal(lines.length, 3);
  for (const { line } of lines) {
    assert.deepEqual(JSON.parse(line).error, {
      name: 'Error',
      message: 'Request failed with status code 401',
      stack: error.stack,
      status: 401,
    });
  }
});

test("a message that is not a string still writes a JSON line: Powertools' { message, ...fields } and an Error are read as Powertools reads them", () => {
  const { logger, lines } = recorded();
  const untyped = logger as unknown as Record<'info' | 'error', (message: unknown, extra?: unknown) => void>;
  const error = new RangeError('out of range');
  untyped.info({ message: 'order placed', orderId: 7 }, { region: 'eu' });
  untyped.error(error);
  untyped.info(undefined);
  untyped.info(12n);
  const parsed = lines.map(({ line }) => JSON.parse(line));
  assert.deepEqual(
    parsed.map(({ time: _time, ...rest }) => rest),
    [
      { level: 'info', message: 'order placed', orderId: 7, region: 'eu' },
      {
        level: 'error',
        message: 'out of range',
        error: { name: 'RangeError', message: 'out of range', stack: error.stack },
      },
      { level: 'info', message: 'undefined' },
      { level: 'info', message: '12' },
    ],
  );
});

test("the logger's own fields option cannot replace a line's level, message or time either", () => {
  const { logger, lines } = recorded({ fields: { level: 'fatal', message: 'fixed', time: 0, app: 'shop' } });
  logger.info('started');
  logger.warn('slow', { ms: 900 });
  const [started, slow] = lines.map(({ line }) => JSON.parse(line));
  assert.deepEqual(started, { level: 'info', message: 'started', time: started.time, app: 'shop' });
  assert.deepEqual(slow, { level: 'warn', message: 'slow', time: slow.time, app: 'shop', ms: 900 });
});
