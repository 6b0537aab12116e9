import * as z from 'zod';

// Shared argument and result shapes. The messages are read by an AI, so they say what is allowed.

export const TITLE_MAX = 200;
// Postgres text cannot hold U+0000; rejected here so the AI gets a field error, not an internal one.
const noNul = (value: string) => !value.includes('\u0000');
export const DESCRIPTION_MAX = 10_000;

export const taskId = z
  .number()
  .int()
  .positive('must be a positive integer')
  .describe('Task id, from list_tasks');
export const projectId = z
  .number()
  .int()
  .positive('must be a positive integer')
  .describe('Project id, from list_projects');
export const userId = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .describe('Member user id, from list_members (e.g. an email or a username)');
export const title = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(TITLE_MAX, `must be at most ${TITLE_MAX} characters`)
  .refine(noNul, 'must not contain NUL characters')
  .describe('Short summary of the work, e.g. "Fix login timeout"');
export const description = z
  .string()
  .max(DESCRIPTION_MAX, `must be at most ${DESCRIPTION_MAX} characters`)
  .refine(noNul, 'must not contain NUL characters')
  .describe('Details, acceptance criteria, links');
export const priority = z.enum(['low', 'medium', 'high'], { error: 'must be one of low, medium, high' });
export const status = z.enum(['todo', 'in_progress', 'blocked', 'done'], {
  error: 'must be one of todo, in_progress, blocked, done',
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date or date-time; normalised to a full UTC timestamp. */
export const isoDate = z
  .string()
  .refine((value) => ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)), {
    error: 'must be an ISO 8601 date such as 2026-12-01 or 2026-12-01T17:00:00Z',
  })
  .transform((value) => new Date(value).toISOString());

export const version = z
  .number()
  .int()
  .positive('must be a positive integer')
  .describe(
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
