import { REDACTED, SECRET_NAME } from './redact.ts';

/**
 * A copy of a line's fields that `JSON.stringify` cannot throw on: the logger falls back to
 * it only after a plain `JSON.stringify` threw, so the common line pays nothing for it. A log
 * call must never throw: the framework logs inside its own error handling (a tool that threw
 * an error whose cause holds a circular HTTP response would turn into a bare internal error),
 * and a tool logging a BigInt id would fail. Follows Powertools Logger where it has a rule:
 * a BigInt becomes its decimal string, a reference back to an enclosing object `[Circular]`.
 * A getter or `toJSON` that throws becomes `[Unserializable: <its message>]`.
 */
export function safeFields(fields: Record<string, unknown>): Record<string, unknown> {
  return safeValue(fields, '', [], 0) as Record<string, unknown>;
}

/** Beyond this many levels a value is cut (JSON.stringify would overflow the stack first). */
const MAX_DEPTH = 64;

/** `ancestors`: the objects enclosing `value`; a reference to one of them is a cycle (a shared one is not). */
function safeValue(value: unknown, key: string, ancestors: object[], depth: number): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.includes(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Too deep]';
  const toJson = readField(value, 'toJSON');
  // An error's own toJSON is not used, as on the replacer's path (see errorReplacer).
  if (typeof toJson === 'function' && !(value instanceof Error)) {
    let json: unknown;
    try {
      json = toJson.call(value, key);
    } catch (error) {
      return unserializable(error);
    }
    return typeof json === 'object' && json !== null
      ? safeValue(json, key, ancestors, depth)
      : safePrimitive(json);
  }
  ancestors.push(value);
  try {
    if (Array.isArray(value))
      return value.map((item, index) => safeValue(item, String(index), ancestors, depth + 1));
    const source = value instanceof Error ? errorRecord(value) : value;
    const copy: Record<string, unknown> = {};
    for (const name of Object.keys(source)) {
      const field = readField(source, name);
      copy[name] =
        field instanceof Thrown ? unserializable(field.error) : safeValue(field, name, ancestors, depth + 1);
    }
    return copy;
  } finally {
    ancestors.pop();
  }
}

/**
 * What a line shows of an error: JSON.stringify drops name, message, stack and cause (not
 * enumerable), and an AggregateError's errors. Its own members are kept when they are scalars
 * (a system error's code, errno, syscall, address, port; an HTTP error's status), not objects:
 * a library's error may carry the request it failed on, headers and credentials included, or
 * a socket. A member whose name says it is a credential is redacted.
 */
export function errorRecord(error: Error): Record<string, unknown> {
  const record: Record<string, unknown> = {
    name: error.name,
    message: error.message,
    stack: error.stack,
    cause: error.cause,
  };
  if (error instanceof AggregateError) record.errors = error.errors;
  for (const key of Object.keys(error)) {
    if (key in record) continue;
    const value = readField(error, key);
    const type = typeof value;
    if (type === 'string' || type === 'number' || type === 'boolean' || type === 'bigint') {
      record[key] = SECRET_NAME.test(key) ? REDACTED : type === 'bigint' ? String(value) : value;
    }
  }
  return record;
}

function safePrimitive(value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

class Thrown {
  readonly error: unknown;
  constructor(error: unknown) {
    this.error = error;
  }
}

/** `source[name]`, or a `Thrown` when a getter (or a Proxy) throws. */
function readField(source: object, name: string): unknown {
  try {
    return (source as Record<string, unknown>)[name];
  } catch (error) {
    return new Thrown(error);
  }
}

function unserializable(error: unknown): string {
  let reason: string;
  try {
    reason = error instanceof Error ? error.message : String(error);
  } catch {
    reason = 'unknown';
  }
  return `[Unserializable: ${reason}]`;
}
