import * as z from 'zod';
import { parseIsoDate } from './iso-date.ts';

// Shared argument and result shapes. The messages are read by an AI, so they say what is allowed.

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 10_000;

/**
 * A character someone can see. JavaScript's trim keeps zero-width spaces, word joiners, soft
 * hyphens and fillers (default-ignorable code points) and control characters: a title of only
 * those would be listed blank.
 */
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}]/u;

/**
 * Every text argument is built here, so each one gets the same checks in the same order:
 * trimmed (unless `trim: false`), not empty (unless `allowEmpty`; a trimmed one also needs a
 * visible character), at most `max` characters, and no U+0000, which Postgres text cannot
 * store (the AI gets a field error, not an internal one).
 */
export function text(options: { max: number; trim?: boolean; allowEmpty?: boolean }) {
  const base = options.trim === false ? z.string() : z.string().trim();
  const filled = options.allowEmpty ? base : base.min(1, { error: 'must not be empty', abort: true });
  const sized =
    options.allowEmpty || options.trim === false
      ? filled
      : filled.refine((value) => VISIBLE.test(value), { error: 'must not be empty', abort: true });
  return sized
    .max(options.max, `must be at most ${options.max} characters`)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');
}

/**
 * The largest id a tool accepts. Ids are bigint columns (up to 2^63 − 1), but they travel as
 * JSON numbers: above 2^53 − 1 a number is no longer exact, so the schema stops there.
 */
export const ID_MAX = Number.MAX_SAFE_INTEGER;

/**
 * The largest task version. `tasks.version` is a 32-bit integer and the schema caps at its
 * range rather than widening the column: a version counts updates of one task, and 2^31 − 1
 * of them is unreachable, so a larger number can never match and is refused as input.
 */
export const VERSION_MAX = 2 ** 31 - 1;

/**
 * A positive whole number up to `max`. The range checks come first and stop there, so 2^53 is
 * "must be at most …", not also "must be a whole number" (zod counts unsafe integers as fractional).
 */
const wholeNumber = (max: number) =>
  z
    .number()
    .min(1, { error: 'must be a positive integer', abort: true })
    .max(max, { error: `must be at most ${max}`, abort: true })
    .int('must be a positive integer');

const id = () => wholeNumber(ID_MAX);

/**
 * How many rows a page holds, from 1 to 100, `fallback` when omitted: one message for every
 * way to miss (1.5, 0, 101), so the model reads the range instead of zod's "expected int".
 */
export const pageLimit = (fallback: number) => {
  const message = 'must be a whole number from 1 to 100';
  return z
    .number()
    .min(1, { error: message, abort: true })
    .max(100, { error: message, abort: true })
    .int(message)
    .default(fallback)
    .describe(`At most this many results (1-100, default ${fallback})`);
};

export const taskId = id().describe('Task id, from list_tasks');
export const projectId = id().describe('Project id, from list_projects');
export const userId = text({ max: 100 }).describe(
  'Member user id, from list_members (e.g. an email or a username)',
);
export const title = text({ max: TITLE_MAX }).describe('Short summary of the work, e.g. "Fix login timeout"');
export const description = text({ max: DESCRIPTION_MAX, trim: false, allowEmpty: true }).describe(
  'Details, acceptance criteria, links',
);
export const priority = z.enum(['low', 'medium', 'high'], { error: 'must be one of low, medium, high' });
export const status = z.enum(['todo', 'in_progress', 'blocked', 'done'], {
  error: 'must be one of todo, in_progress, blocked, done',
});

/** How every date argument is read, for the tool descriptions. */
export const DATE_RULE =
  'ISO 8601: a date (2026-12-01, read as midnight UTC) or a date-time with Z or an offset ' +
  "(2026-12-01T17:00:00Z, 2026-12-01T17:00+01:00: use the user's offset); a time without one is refused.";

/**
 * An ISO 8601 date (midnight UTC) or date-time with an offset, normalised to a full UTC
 * timestamp; a date that is not on the calendar or a time without an offset is refused
 * (see parseIsoDate).
 */
export const isoDate = z.string().transform((value, ctx) => {
  const parsed = parseIsoDate(value);
  if ('iso' in parsed) return parsed.iso;
  ctx.addIssue({ code: 'custom', message: parsed.error });
  return z.NEVER;
});

export const version = wholeNumber(VERSION_MAX).describe(
  'The version you last read (from get_task or list_tasks); the change is rejected if the task changed since',
);

export const taskOutput = z.object({
  id: z.number(),
  project_id: z.number(),
  title: z.string(),
  description: z.string(),
  assignee_id: z.string().nullable(),
  status,
  priority,
  due_date: z.string().nullable(),
  version: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
  completed_at: z.string().nullable(),
});

export const projectOutput = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  created_at: z.string(),
  open_tasks: z.number(),
  member_count: z.number(),
});

export const memberOutput = z.object({
  project_id: z.number(),
  user_id: z.string(),
  display_name: z.string(),
  role: z.string(),
  added_at: z.string(),
});
