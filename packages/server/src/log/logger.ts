import { type LogLevel, readEnvironment, resolveSetting } from '../config/environment.ts';
import { errorRecord, safeFields } from './safe-fields.ts';
import { type Fd, writeLine } from './write-line.ts';

/** The logging surface the framework writes to; a Powertools Logger fits it as is. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * A Powertools for AWS Lambda `Logger`: it takes `(message, fields)` like `Logger`, but types
 * its extra arguments more narrowly than `Record<string, unknown>`.
 */
export interface PowertoolsLoggerLike {
  debug(message: string, ...extra: never[]): void;
  info(message: string, ...extra: never[]): void;
  warn(message: string, ...extra: never[]): void;
  error(message: string, ...extra: never[]): void;
}

export interface JsonLoggerOptions {
  /** Default: the environment (`AWS_LAMBDA_LOG_LEVEL`, `POWERTOOLS_LOG_LEVEL`, `LOG_LEVEL`), else `info`. */
  level?: LogLevel;
  /** The `service` field (default `POWERTOOLS_SERVICE_NAME`). */
  service?: string;
  /** Fields on every line. */
  fields?: Record<string, unknown>;
  /** Where a line goes (default: fd 1 for debug and info, fd 2 for warn and error). */
  writeLine?: (fd: Fd, line: string) => void;
}

const RANK: Record<LogLevel | 'silent', number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/**
 * A logger from `createJsonLogger` can begin a line with raw JSON members: the Lambda
 * observer puts a request's EMF `_aws` block there, so one line is both the request's log
 * record and its metrics document (CloudWatch extracts metrics from any JSON log event).
 * A symbol, not a method: it is not part of the `Logger` contract other loggers implement.
 */
export const LOG_WITH_HEAD = Symbol.for('lambda-mcp.logWithHead');

/**
 * Writes `{<head>,"level":…,"message":…,…fields}` (`head` is raw JSON members, no braces,
 * with the time in it: the line has no `time` field); false when the level is filtered out
 * and nothing was written.
 */
export type LogWithHead = (
  level: LogLevel,
  message: string,
  fields: Record<string, unknown>,
  head: string,
) => boolean;

/** `LOG_WITH_HEAD` of `logger`, when it has one. */
export function logWithHeadOf(logger: Logger): LogWithHead | undefined {
  return (logger as { [LOG_WITH_HEAD]?: LogWithHead })[LOG_WITH_HEAD];
}

/**
 * One JSON object per line on stdout (debug, info) or stderr (warn, error): what CloudWatch
 * and most log shippers parse. `POWERTOOLS_DEV=true` indents them for a terminal.
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const environment = readEnvironment();
  const minimum = RANK[resolveSetting(options.level, environment.logLevel, 'info')];
  const service = options.service ?? environment.serviceName;
  // The line's own members are not the caller's to set (see ownMembers); once, not per line.
  const { level: _level, message: _message, time: _time, ...baseFields } = options.fields ?? {};
  const base = service === undefined ? baseFields : { service, ...baseFields };
  const indent = environment.dev ? 2 : undefined;
  const output = options.writeLine ?? writeLine;
  const baseKeys = Object.keys(base);
  // The base fields never change: serialised once, spliced into each line.
  const baseJson = baseKeys.length === 0 ? '' : `,${JSON.stringify(base).slice(1, -1)}`;
  const write = (
    level: LogLevel,
    message: string,
    extra?: Record<string, unknown>,
    head?: string,
  ): boolean => {
    if (RANK[level] < minimum) return false;
    if (typeof message !== 'string') return write(level, ...messageOf(message, extra), head);
    const fields = extra === undefined || isFields(extra) ? extra : asFields(extra);
    // A line with a head is an EMF document, whose `_aws.Timestamp` already says when.
    const time = head === undefined ? isoTime(Date.now()) : undefined;
    let json: string;
    const overridden = overriddenBase(fields, baseKeys);
    try {
      // Warnings and errors are rare and where errors travel, at any depth: they always get the
      // replacer; an info line only when an error sits in its first two levels.
      const withError = level === 'error' || level === 'warn' || hasError(fields);
      if (indent === undefined && overridden !== 'some' && !withError) {
        // The common line, built without copying `fields` into a new record; fields that
        // replace every base field (a service of its own) leave the base out.
        const rest = fields === undefined ? '{}' : JSON.stringify(fields);
        const timeJson = time === undefined ? '' : `,"time":"${time}"`;
        const basePart = overridden === 'all' ? '' : baseJson;
        json = `{"level":"${level}","message":${JSON.stringify(message)}${timeJson}${basePart}${rest === '{}' ? '}' : `,${rest.slice(1)}`}`;
      } else {
        const record = { level, message, time, ...base, ...fields };
        // A field named level, message or time must not replace the line's own (a level of
        // 'high' would hide the line from level filters): Powertools drops such keys too.
        if (overridden === 'some') ownMembers(record, level, message, time);
        // A replacer function takes JSON.stringify off its fast path: only lines carrying an
        // error pay for it.
        json = JSON.stringify(record, withError ? errorReplacer : undefined, indent);
      }
    } catch (error) {
      // A BigInt, a cycle, a getter that throws: a log call never throws (see safe-fields.ts).
      json = unserializableLine(level, message, time, base, fields, indent, error);
    }
    const line = head === undefined ? json : `{${head},${json.slice(1)}`;
    output(level === 'error' || level === 'warn' ? 2 : 1, line);
    return true;
  };
  const withHead: LogWithHead = (level, message, fields, head) => write(level, message, fields, head);
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    [LOG_WITH_HEAD]: withHead,
  } as Logger;
}

// `new Date().toISOString()` costs about 2 µs; a line's time only changes its milliseconds
// within a second, so the rest is formatted once per second.
let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** `Date#toISOString()` of `ms`, cheaply. */
export function isoTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const milli = ms - second * 1000;
  return `${cachedPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

/**
 * How many of the base fields `fields` sets anew: 'none', 'all', or 'some' (which, like a
 * field named level, message or time, needs the general path).
 */
function overriddenBase(
  fields: Record<string, unknown> | undefined,
  baseKeys: readonly string[],
): 'none' | 'all' | 'some' {
  if (fields === undefined) return 'none';
  if ('level' in fields || 'message' in fields || 'time' in fields) return 'some';
  let count = 0;
  for (const key of baseKeys) if (key in fields) count++;
  return count === 0 ? 'none' : count === baseKeys.length ? 'all' : 'some';
}

/** Sets the line's own members again, in their places at the start of `record`. */
function ownMembers(
  record: Record<string, unknown>,
  level: LogLevel,
  message: string,
  time: string | undefined,
): Record<string, unknown> {
  record.level = level;
  record.message = message;
  record.time = time;
  return record;
}

/**
 * A message that is not a string (untyped callers), read as Powertools Logger reads it:
 * `{ message, ...fields }` gives the message and fields, an Error its message and the line's
 * `error`; anything else becomes text. `JSON.stringify(undefined)` would break the line.
 */
function messageOf(
  input: unknown,
  extra: Record<string, unknown> | undefined,
): [string, Record<string, unknown>] {
  const fields = extra === undefined || isFields(extra) ? extra : asFields(extra);
  if (input instanceof Error) return [String(input.message), { error: input, ...fields }];
  if (isFields(input) && typeof input.message === 'string') {
    const { message, ...rest } = input;
    return [message, { ...rest, ...fields }];
  }
  let text: string;
  try {
    text = typeof input === 'object' && input !== null ? JSON.stringify(input) : String(input);
  } catch {
    text = Object.prototype.toString.call(input);
  }
  return [text, fields ?? {}];
}

/** A record of fields: what the `Logger` contract takes, and all but untyped callers pass. */
function isFields(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error);
}

/**
 * What Powertools Logger does with its other extra arguments (`logger.error('failed', error)`
 * is the usual call in a catch block): an Error becomes the line's `error`, anything else its
 * `extra`. Spread as fields, an error loses everything (its members are not enumerable) and a
 * string or an array breaks the line.
 */
function asFields(extra: unknown): Record<string, unknown> {
  return extra instanceof Error ? { error: extra } : { extra };
}

/** Whether a field holds an Error, at the top or one level down (`{ error: { cause } }`). */
function hasError(fields: Record<string, unknown> | undefined): boolean {
  if (!fields) return false;
  for (const key in fields) {
    const value = fields[key];
    if (value instanceof Error) return true;
    if (typeof value === 'object' && value !== null) {
      for (const inner in value) if ((value as Record<string, unknown>)[inner] instanceof Error) return true;
    }
  }
  return false;
}

/** Errors serialise with their name, message, stack and cause (JSON.stringify drops them). */
function errorReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  // `value` is what the member's toJSON made of it; an error's own toJSON (axios') may put the
  // request it failed on, credentials included, on the line, so the member itself decides.
  const member = this[key];
  return member instanceof Error ? errorRecord(member) : value;
}

/**
 * The line for fields a plain JSON.stringify threw on, from their safe copy; should even
 * that fail (a line over the longest string the engine can build), the line says why its
 * fields are missing.
 */
function unserializableLine(
  level: LogLevel,
  message: string,
  time: string | undefined,
  base: Record<string, unknown> | undefined,
  fields: Record<string, unknown> | undefined,
  indent: number | undefined,
  error: unknown,
): string {
  try {
    const record = { level, message, time, ...base, ...safeFields(fields ?? {}) };
    return JSON.stringify(ownMembers(record, level, message, time), undefined, indent);
  } catch {
    const reason = error instanceof Error ? error.message : String(error);
    return JSON.stringify({ level, message, time, ...base, logError: `fields not serialisable: ${reason}` });
  }
}

/** A logger that drops everything: for tests and for callers that log elsewhere. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
