import { EXIT } from '../cli-error.ts';
import type { CommandIo } from '../command.ts';
import { styleFor } from '../terminal-style.ts';
import { type DecodedAnswer, decodeBufferedResult, decodeStreamedResponse } from './decode-http-answer.ts';
import type { InvocationReport } from './invocation-report.ts';
import type { Invocation } from './run-invocation.ts';

/**
 * Prints an invocation: the decoded MCP response on stdout; status, timing, cold start and the
 * handler's log lines on stderr (or all of it as JSON on stdout). Resolves to the exit code.
 */
export function printInvocation(
  invocation: Invocation,
  options: { kind: string; json: boolean },
  io: CommandIo,
): number {
  const { report, logs } = invocation;
  if (report.kind === 'init-error') return printInitFailure(report.message, logs, options, io);
  const answer: DecodedAnswer | undefined =
    report.kind === 'result'
      ? isHttpResponse(report.result)
        ? decodeBufferedResult(report.result)
        : undefined
      : report.kind === 'stream'
        ? decodeStreamedResponse(Buffer.from(report.base64, 'base64'))
        : undefined;
  const failure = invocationFailure(report, answer);
  const timing = {
    coldStart: true,
    initMs: round(report.initMs),
    ...('durationMs' in report ? { durationMs: round(report.durationMs) } : {}),
    ...(report.kind === 'stream' ? { firstByteMs: round(report.firstByteMs) } : {}),
  };

  if (options.json) {
    const summary = { event: options.kind, ...answer, ...timing, ...(failure ? { failure } : {}), logs };
    io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return failure ? EXIT.failed : EXIT.ok;
  }
  const out = styleFor(io.stdout);
  const err = styleFor(io.stderr);
  if (answer) {
    for (const notification of answer.notifications) {
      io.stdout.write(`${out.dim(JSON.stringify(notification))}\n`);
    }
    io.stdout.write(
      answer.response !== undefined
        ? `${JSON.stringify(answer.response, null, 2)}\n`
        : `${answer.text ?? ''}\n`,
    );
  }
  const facts = [
    answer ? `HTTP ${answer.statusCode} ${answer.headers['content-type'] ?? ''}`.trim() : undefined,
    `${options.kind} event`,
    timing.durationMs !== undefined ? `${timing.durationMs} ms` : undefined,
    timing.firstByteMs !== undefined ? `first byte ${timing.firstByteMs} ms` : undefined,
    `cold start (init ${timing.initMs} ms)`,
  ].filter((fact) => fact !== undefined);
  io.stderr.write(`${err.dim(facts.join(' · '))}\n`);
  printLogs(logs, io);
  if (failure) io.stderr.write(`${err.red('lambda-mcp invoke:')} ${failure}\n`);
  return failure ? EXIT.failed : EXIT.ok;
}

/**
 * A module that did not load (it threw, or exports no handler): no answer and no timing, but
 * `--json` is still one object on stdout, and what the module logged is shown either way.
 */
function printInitFailure(
  failure: string,
  logs: string[],
  options: { kind: string; json: boolean },
  io: CommandIo,
): number {
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ event: options.kind, failure, logs }, null, 2)}\n`);
    return EXIT.failed;
  }
  printLogs(logs, io);
  io.stderr.write(`${styleFor(io.stderr).red('lambda-mcp invoke:')} ${failure}\n`);
  return EXIT.failed;
}

function printLogs(logs: string[], io: CommandIo): void {
  if (logs.length === 0) return;
  const err = styleFor(io.stderr);
  io.stderr.write(`${err.bold(`logs (${logs.length})`)}\n`);
  for (const line of logs) io.stderr.write(`  ${err.dim(line)}\n`);
}

/** Why the invocation counts as a failure for a script, or undefined when it does not. */
function invocationFailure(
  report: Exclude<InvocationReport, { kind: 'init-error' }>,
  answer: DecodedAnswer | undefined,
): string | undefined {
  switch (report.kind) {
    case 'timeout':
      return `the handler timed out after ${report.timeoutMs} ms (--timeout)`;
    case 'handler-error':
      return `the handler threw ${report.thrown}`;
    case 'stream':
      if (answer !== undefined) return answerFailure(answer);
      return `the handler streamed ${preview(Buffer.from(report.base64, 'base64').toString('utf8'))} without the HTTP prelude (status and headers as JSON, then 8 NUL bytes): write through awslambda.HttpResponseStream.from, as createStreamingHandler's handler does`;
    case 'result':
      if (answer !== undefined) return answerFailure(answer);
      return `the handler returned ${preview(report.result)}, not an HTTP response: return { statusCode, headers, body }, as createHandler's handler does`;
  }
}

/** Why an answer counts as a failure for a script, or undefined when it does not. */
function answerFailure(answer: DecodedAnswer): string | undefined {
  const response = answer.response as
    | { error?: { code: number; message: string }; result?: { isError?: boolean } }
    | undefined;
  if (response?.error) return `the server answered error ${response.error.code}: ${response.error.message}`;
  if (answer.statusCode >= 400) return `the handler answered HTTP ${answer.statusCode}`;
  if (response?.result?.isError === true) return 'the tool answered an error result (isError)';
  return undefined;
}

/**
 * Whether a buffered handler's result is an HTTP response. Anything else (undefined from a
 * forgotten `return`) would read as an empty HTTP 200 and exit 0.
 */
function isHttpResponse(result: unknown): boolean {
  return (
    typeof result === 'object' &&
    result !== null &&
    typeof (result as { statusCode?: unknown }).statusCode === 'number'
  );
}

/** A returned or streamed value as the error shows it: short, JSON where it can be. */
function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
