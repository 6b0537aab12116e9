import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { usageError } from './cli-error.ts';

/** What `parseArgs` returns for a given option table, with positionals allowed. */
export type ParsedArgs<T extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>
>;

/**
 * `node:util` parseArgs with its errors turned into one usage line that names the command's
 * `--help`: parseArgs' own messages are long and suggest `--` escapes nobody needs here.
 */
export function parseCommandArgs<T extends ParseArgsOptionsConfig>(
  command: string,
  argv: string[],
  options: T,
  maxPositionals: number,
): ParsedArgs<T> {
  let parsed: ParsedArgs<T>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(`${describeParseError(error, argv)}. Run lambda-mcp ${command} --help for its options.`);
  }
  const extra = parsed.positionals[maxPositionals];
  if (extra !== undefined) {
    throw usageError(`unexpected argument "${extra}". Run lambda-mcp ${command} --help for its usage.`);
  }
  return parsed;
}

function describeParseError(error: unknown, argv: string[]): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      if (message.includes('argument missing')) return `option ${option} needs a value`;
      if (message.includes('ambiguous')) {
        // The word after the option starts with a dash: another option (--json), or its value
        // (a base64url token can start with one).
        const index = argv.indexOf(option);
        const next = index === -1 ? undefined : argv[index + 1];
        return next === undefined || next.startsWith('--')
          ? `option ${option} needs a value`
          : `option ${option} needs a value; if "${next}" is it, write ${option}=${next}`;
      }
      if (message.includes('does not take an argument')) return `option ${option} takes no value`;
      return message;
    }
    default:
      return message;
  }
}

/** The longest delay a Node timer holds: past it, Node warns and fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Parses a decimal option value up to `max`, or says which option is wrong. */
export function integerOption(
  name: string,
  value: string | undefined,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw usageError(`--${name} must be a whole number, not "${value}"`);
  const parsed = Number(value);
  if (parsed > max) throw usageError(`--${name} must be at most ${max}, not ${value}`);
  return parsed;
}

/** Parses a JSON option value, or says how to write it. */
export function jsonOption(name: string, value: string | undefined, example: string): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw usageError(
      `--${name} is not valid JSON (${reason}). Pass a JSON object, e.g. --${name} '${example}'`,
    );
  }
}

/** Like `jsonOption`, for values that must be a JSON object. */
export function jsonObjectOption(
  name: string,
  value: string | undefined,
  example: string,
): Record<string, unknown> | undefined {
  const parsed = jsonOption(name, value, example);
  if (parsed === undefined) return undefined;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw usageError(`--${name} must be a JSON object, e.g. --${name} '${example}'`);
  }
  return parsed as Record<string, unknown>;
}
