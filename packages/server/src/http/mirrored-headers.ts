import { base64ToBytes, bytesToBase64 } from '../protocol/base64.ts';
import { headerMismatch, invalidParams } from '../protocol/errors.ts';
import { isJsonObject, type JsonObject } from '../protocol/jsonrpc.ts';
import type { ParamHeader } from '../server/param-headers.ts';

const NAME_SOURCE: Record<string, 'name' | 'uri'> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
};

/** The param `Mcp-Name` mirrors for `method`, if the method has one. */
export function mirroredNameParam(method: string): 'name' | 'uri' | undefined {
  // hasOwn: a method named `toString` or `constructor` must not find Object.prototype members.
  return Object.hasOwn(NAME_SOURCE, method) ? NAME_SOURCE[method] : undefined;
}

const SENTINEL = /^=\?base64\?([A-Za-z0-9+/]*={0,2})\?=$/;
/**
 * A number as a header carries it: decimal digits, `42.0` equal to `42` as the transport asks.
 * Not what `Number()` also reads (`0x2A`, `4.2e1`, ` 42`): a gateway routing on the header
 * would take those for another value than the body's.
 */
const DECIMAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;
// Visible ASCII, space and tab (RFC 9110 field values); anything else must be Base64-wrapped.
const PLAIN_HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * 2026-07-28 requires `Mcp-Method` (and `Mcp-Name` for named methods) to mirror the body,
 * so that gateways routing on headers and the server agree. Any disagreement -> -32020.
 */
export function checkMirroredHeaders(
  headers: Readonly<Record<string, string | undefined>>,
  method: string,
  params: JsonObject | undefined,
): void {
  const methodHeader = headers['mcp-method'];
  if (methodHeader === undefined) throw headerMismatch('the Mcp-Method header is required');
  if (methodHeader !== method) {
    throw headerMismatch(`Mcp-Method header value '${methodHeader}' does not match body value '${method}'`);
  }
  const source = mirroredNameParam(method);
  if (!source) return;
  const bodyValue = params?.[source];
  if (typeof bodyValue !== 'string') {
    throw invalidParams(`Invalid params: ${method} requires params.${source} (a string)`);
  }
  const raw = headers['mcp-name'];
  if (raw === undefined) throw headerMismatch('the Mcp-Name header is required');
  const value = decodeHeaderValue(raw);
  if (value !== bodyValue) {
    throw headerMismatch(`Mcp-Name header value '${value}' does not match body value '${String(bodyValue)}'`);
  }
}

/**
 * A value as a header carries it: plain when header-safe, else the `=?base64?...?=` sentinel
 * form. Also encoded, as SEP-2243 requires: edge whitespace (HTTP drops it from a field value)
 * and a plain value that looks like the sentinel (it would be read as one).
 */
export function encodeHeaderValue(value: string): string {
  const plain =
    PLAIN_HEADER_VALUE.test(value) &&
    !/^[\t ]|[\t ]$/.test(value) &&
    !(value.startsWith('=?base64?') && value.endsWith('?='));
  if (plain) return value;
  return `=?base64?${bytesToBase64(new TextEncoder().encode(value))}?=`;
}

/** Decodes the `=?base64?...?=` sentinel form; a plain value must be header-safe. */
export function decodeHeaderValue(raw: string): string {
  const match = SENTINEL.exec(raw);
  if (match) {
    const encoded = match[1] as string;
    // atob forgives missing padding; SEP-2243 requires padded Base64, so "SGVsbG8" is rejected.
    if (encoded.length % 4 !== 0) throw headerMismatch('a Base64-encoded header value is not padded Base64');
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(base64ToBytes(encoded));
    } catch {
      throw headerMismatch('a Base64-encoded header value is not valid Base64 UTF-8');
    }
  }
  if (!PLAIN_HEADER_VALUE.test(raw)) throw headerMismatch('a header value contains invalid characters');
  return raw;
}

/** Each annotated argument present in the body must arrive, equal, in its header. */
export function checkParamHeaders(
  headers: Readonly<Record<string, string | undefined>>,
  params: readonly ParamHeader[],
  args: unknown,
): void {
  for (const param of params) {
    let value: unknown = args;
    // Own properties of objects only: `constructor` of `{}` or `length` of a string is no argument.
    for (const key of param.path)
      value = isJsonObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
    const raw = headers[`mcp-param-${param.header}`];
    const name = `Mcp-Param-${param.header}`;
    if (value === undefined || value === null) {
      if (raw !== undefined) throw headerMismatch(`${name} header is present but the argument is absent`);
      continue;
    }
    if (raw === undefined)
      throw headerMismatch(`the ${name} header is required when the argument is present`);
    const decoded = decodeHeaderValue(raw);
    const matches =
      typeof value === 'number'
        ? DECIMAL.test(decoded) && Number(decoded) === value
        : decoded === String(value);
    if (!matches)
      throw headerMismatch(`${name} header value '${decoded}' does not match body value '${String(value)}'`);
  }
}
