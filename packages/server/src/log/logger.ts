import { type LogLevel, readEnvironment, resolveSetting } from '../config/environment.ts';
import { writeLine } from './write-line.ts';

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
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * One JSON object per line on stdout (debug, info) or stderr (warn, error): what CloudWatch
 * and most log shippers parse. `POWERTOOLS_DEV=true` indents them for a terminal.
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const environment = readEnvironment();
  const minimum = RANK[resolveSetting(options.level, environment.logLevel, 'info')];
  const service = options.service ?? environment.serviceName;
  const base = service === undefined ? options.fields : { service, ...options.fields };
  const indent = environment.dev ? 2 : undefined;
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < minimum) return;
    const line = JSON.stringify(
      { level, message, time: new Date().toISOString(), ...base, ...fields },
      errorReplacer,
      indent,
    );
    writeLine(level === 'error' || level === 'warn' ? 2 : 1, line);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

/** Errors serialise with their name, message, stack and cause (JSON.stringify drops them). */
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error)
    return { name: value.name, message: value.message, stack: value.stack, cause: value.cause };
  return value;
}

/** A logger that drops everything: for tests and for callers that log elsewhere. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
