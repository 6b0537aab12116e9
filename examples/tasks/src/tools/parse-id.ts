import { ID_MAX } from './schemas.ts';
import { invalidId } from './tool-errors.ts';

// Digits only, no sign, no leading zero, no exponent: Number() would accept " 7", "0x10" and "1e3".
const CANONICAL_ID = /^[1-9][0-9]*$/;

/**
 * An id from text (a resource URI's `{id}`, a prompt argument), held to the same range as the
 * tools' `task_id` and `project_id`: above 2^53 − 1 a number is no longer exact, and the
 * message would print another id than the one sent.
 */
export function parseId(raw: string | undefined, kind: 'task' | 'project', field?: string): number {
  const value = raw ?? '';
  if (!CANONICAL_ID.test(value) || value.length > 16 || Number(value) > ID_MAX) {
    throw invalidId(kind, value, field);
  }
  return Number(value);
}
