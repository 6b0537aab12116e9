import { usageError } from './cli-error.ts';

/** An HTTP field name (RFC 9110 token): what Node accepts as a header name. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** What an HTTP field value may not hold (CR, LF, NUL, other controls, past Latin-1): Node refuses to send it. */
const NOT_IN_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/** Parses repeated `--header 'Name: value'` options into a header record. */
export function parseHeaderOptions(headers: readonly string[] | undefined): Record<string, string> {
  const parsed: Record<string, string> = {};
  for (const header of headers ?? []) {
    const colon = header.indexOf(':');
    const name = header.slice(0, colon).trim();
    if (colon <= 0 || !HEADER_NAME.test(name)) {
      throw usageError(
        `--header ${JSON.stringify(header)} is not a header: write it as --header 'Name: value'`,
      );
    }
    const value = header.slice(colon + 1).trim();
    // Checked here, not left to the request: Node's refusal reads as "cannot reach" the server.
    if (NOT_IN_HEADER_VALUE.test(value)) {
      throw usageError(
        `--header ${name}: the value holds a line break or another character no HTTP header may carry`,
      );
    }
    parsed[name.toLowerCase()] = value;
  }
  return parsed;
}

/** The Authorization header `--token <token>` sends. */
export function bearerAuthorization(token: string): string {
  if (NOT_IN_HEADER_VALUE.test(token)) {
    throw usageError('--token holds a line break or another character no HTTP header may carry');
  }
  return `Bearer ${token}`;
}
