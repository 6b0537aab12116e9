import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Logger } from '../../log/logger.ts';
import { warnIfTimeoutBelowMargin } from './timeout-below-margin.ts';

function recordingLogger() {
  const lines: [string, string, Record<string, unknown> | undefined][] = [];
  const record =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push([level, message, fields]);
    };
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  return { logger, lines };
}

const context = (remainingMs: number) => ({
  awsRequestId: 'c0ffee00-0000-4000-8000-000000000000',
  functionName: 'f',
  getRemainingTimeInMillis: () => remainingMs,
});

test('a time limit at or below the deadline margin is one warning that says what to change', () => {
  const { logger, lines } = recordingLogger();
  warnIfTimeoutBelowMargin(logger, context(1000) as never, 1000);
  assert.deepEqual(lines, [
    [
      'warn',
      'the function timeout leaves no time for tool calls: they answer TIMEOUT without running; raise the timeout or lower deadlineMarginMs',
      { remainingMs: 1000, deadlineMarginMs: 1000 },
    ],
  ]);
});

test('a time limit above the margin says nothing', () => {
  const { logger, lines } = recordingLogger();
  warnIfTimeoutBelowMargin(logger, context(1001) as never, 1000);
  assert.deepEqual(lines, []);
});
