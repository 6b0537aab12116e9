import { usageError } from './cli-error.ts';

/** Parses repeated `--header 'Name: value'` options into a header record. */
export function parseHeaderOptions(headers: readonly string[] | undefined): Record<string, string> {
  const parsed: Record<string, string> = {};
  for (const header of headers ?? []) {
    const colon = header.indexOf(':');
    const name = header.slice(0, colon).trim();
    if (colon <= 0 || name === '' || /\s/.test(name)) {
      throw usageError(`--header "${header}" is not a header: write it as --header 'Name: value'`);
    }
    parsed[name.toLowerCase()] = header.slice(colon + 1).trim();
  }
  return parsed;
}
