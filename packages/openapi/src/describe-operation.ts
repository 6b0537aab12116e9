import type { OperationObject } from './openapi-types.ts';

/** Long enough for what an operation does and when to use it; past that, a model skims. */
const MAX_DESCRIPTION = 1000;

/**
 * The tool description: summary, then the description when it adds something, with
 * whitespace collapsed and cut at a sentence or word boundary. Parameter docs go to each
 * argument's schema `description`, where clients show them next to the argument.
 */
export function describeOperation(operation: OperationObject, method: string, path: string): string {
  const parts: string[] = [];
  const summary = tidy(operation.summary);
  const description = tidy(operation.description);
  if (summary && description.startsWith(summary)) {
    parts.push(description); // the description already opens with the summary
  } else {
    if (summary) parts.push(/[.!?]$/.test(summary) ? summary : `${summary}.`);
    if (description) parts.push(description);
  }
  if (parts.length === 0) parts.push(`Calls ${method.toUpperCase()} ${path}.`);
  if (operation.deprecated === true) parts.push('Deprecated: prefer another operation when one fits.');
  return shorten(parts.join('\n\n'), MAX_DESCRIPTION);
}

function tidy(text: string | undefined): string {
  if (typeof text !== 'string') return '';
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Cuts at the last sentence end (else word) before `max`, and says so. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const sentence = Math.max(head.lastIndexOf('. '), head.lastIndexOf('.\n'));
  if (sentence > max / 2) return `${head.slice(0, sentence + 1)} …`;
  const word = head.lastIndexOf(' ');
  return `${head.slice(0, word > max / 2 ? word : head.length)}…`;
}
