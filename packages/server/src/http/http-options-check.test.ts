import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toFetchHandler } from '../adapters/fetch/to-fetch-handler.ts';
import { createHandler } from '../adapters/lambda/create-handler.ts';
import { serve } from '../adapters/node/serve.ts';
import { createServer } from '../server/create-server.ts';
import { createExchangeHandler } from './handle-exchange.ts';

const server = () => createServer({ name: 'options', version: '1.0.0' });

describe('HTTP options are checked when a handler is made', () => {
  test('a number that would misbehave per request is refused by name, with the value', () => {
    const refusals: [Record<string, unknown>, string][] = [
      [
        { keepAliveMs: 0 },
        'HTTP option keepAliveMs must be a number of milliseconds above 0 (or Infinity), got 0',
      ],
      [
        { bodyTimeoutMs: Number.NaN },
        'HTTP option bodyTimeoutMs must be a number of milliseconds above 0 (or Infinity), got NaN',
      ],
      [
        { listenMaxMs: -1 },
        'HTTP option listenMaxMs must be a number of milliseconds above 0 (or Infinity), got -1',
      ],
      [
        { maxBodyBytes: 0.5 },
        'HTTP option maxBodyBytes must be a whole number of bytes, 1 or more (or Infinity), got 0.5',
      ],
      [
        { maxBodyBytes: '1mb' },
        'HTTP option maxBodyBytes must be a whole number of bytes, 1 or more (or Infinity), got 1mb',
      ],
      [
        { deadlineMarginMs: -100 },
        'HTTP option deadlineMarginMs must be a finite number of milliseconds, 0 or more, got -100',
      ],
      [
        { deadlineMarginMs: Infinity },
        'HTTP option deadlineMarginMs must be a finite number of milliseconds, 0 or more, got Infinity',
      ],
    ];
    for (const [options, message] of refusals) {
      assert.throws(() => createExchangeHandler(server(), options), { name: 'TypeError', message });
    }
  });

  test('every adapter refuses it at creation: Lambda, fetch and node', async () => {
    const message = 'HTTP option keepAliveMs must be a number of milliseconds above 0 (or Infinity), got 0';
    assert.throws(() => createHandler(server(), { keepAliveMs: 0 }), { message });
    assert.throws(() => toFetchHandler(server(), { keepAliveMs: 0 }), { message });
    await assert.rejects(serve(server(), { port: 0, handleSignals: false, keepAliveMs: 0 }), { message });
  });

  test('Infinity is no limit where one can be left out, and 0 is a valid deadline margin', () => {
    createExchangeHandler(server(), {
      maxBodyBytes: Infinity,
      bodyTimeoutMs: Infinity,
      keepAliveMs: Infinity,
      listenMaxMs: Infinity,
      deadlineMarginMs: 0,
    });
  });
});
