import { writeLine } from './write-line.ts';

/** The logging surface the framework writes to; a Powertools Logger fits it as is. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * One JSON object per line on stdout/stderr (what CloudWatch and most log shippers parse).
 * The level comes from `LOG_LEVEL` (default `info`).
 */
export function createJsonLogger(options: { level?: Level; base?: Record<string, unknown> } = {}): Logger {
  const envLevel = (globalThis.process?.env?.LOG_LEVEL ?? '').toLowerCase() as Level;
  const minimum = RANK[options.level ?? envLevel] ?? RANK.info;
  const write = (level: Level, message: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < minimum) return;
    const line = JSON.stringify(
      { level, message, time: new Date().toISOString(), ...options.base, ...fields },
      errorReplacer,
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

/** Errors serialise with their name, message and stack (JSON.stringify drops them). */
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error)
    return { name: value.name, message: value.message, stack: value.stack, cause: value.cause };
  return value;
}

/** A logger that drops everything: for tests and for callers that log elsewhere. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
