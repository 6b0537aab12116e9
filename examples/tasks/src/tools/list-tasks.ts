import type { McpServer } from 'lambda-mcp';
import * as z from 'zod';
import { readAccess } from '../access/scopes.ts';
import { findProject } from '../db/project-queries.ts';
import { hasSearchWords, searchTasks, sortKeyTypes } from '../db/task-search.ts';
import { decodeCursor, encodeCursor, invalidCursor, isUnreadableCursorKey } from './cursor.ts';
import { type TasksDeps, withDatabase } from './database-access.ts';
import * as shape from './schemas.ts';
import { invalidField, projectNotFound } from './tool-errors.ts';

export function registerListTasks(server: McpServer, deps: TasksDeps): void {
  server.tool(
    'list_tasks',
    {
      title: 'List tasks',
      description:
        'Find tasks. Use to answer "what is on my plate", "what is overdue", "show high-priority bugs", or to look up task ids. ' +
        'All filters are optional and combine with AND. Results are paged: pass next_cursor back as cursor for more.',
      input: z.object({
        project_id: shape.projectId.optional(),
        assignee_id: shape.userId
          .nullable()
          .optional()
          .describe('Only tasks assigned to this member; null for the unassigned ones'),
        status: shape.status.optional(),
        priority: shape.priority.optional(),
        due_before: shape.isoDate
          .optional()
          .describe(`Only tasks due before this instant. ${shape.DATE_RULE}`),
        due_after: shape.isoDate
          .optional()
          .describe(
            `Only tasks due at or after this instant (due_after 2026-12-01 with due_before 2026-12-02: due on December 1). ${shape.DATE_RULE}`,
          ),
        text: shape
          .text({ max: 200 })
          .optional()
          .describe(
            'Words to find in title or description (stemmed: "fixing" finds "fix"; very common words such as "the" are not searched)',
          ),
        sort: z
          .enum(['created_desc', 'created_asc', 'due_asc', 'priority_desc', 'updated_desc'], {
            error: 'must be one of created_desc, created_asc, due_asc, priority_desc, updated_desc',
          })
          .default('created_desc')
          .describe('Order; priority_desc puts high first, then the earliest due'),
        limit: shape.pageLimit(20),
        cursor: shape
          .text({ max: 2000, trim: false })
          .optional()
          .describe('next_cursor from the previous page'),
      }),
      output: z.object({
        tasks: z.array(shape.taskOutput),
        total: z
          .number()
          .describe('How many tasks match the filters (on later pages: those already shown plus those left)'),
        next_cursor: z.string().optional(),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
      auth: readAccess,
    },
    ({ cursor, limit, sort, ...filters }, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        const query = { ...filters, sort };
        const start = decodeCursor(cursor, query, 'list_tasks', sortKeyTypes(sort));
        // Otherwise "the" or "it" would match nothing, and the model would report no such tasks.
        if (filters.text !== undefined && !(await hasSearchWords(db, filters.text))) {
          throw invalidField(
            'text',
            `${JSON.stringify(filters.text)} has no word to search for: very common words (the, it, to, ...) and punctuation are not indexed. Search with more specific words (a name, a topic), or omit text.`,
          );
        }
        const page = await searchTasks(
          db,
          tenant,
          {
            projectId: filters.project_id,
            assigneeId: filters.assignee_id,
            status: filters.status,
            priority: filters.priority,
            dueBefore: filters.due_before,
            dueAfter: filters.due_after,
            text: filters.text,
          },
          { sort, start, limit },
        ).catch((error: unknown) => {
          // A hand-made cursor whose key Postgres cannot read (not a timestamp, say).
          if (cursor !== undefined && isUnreadableCursorKey(error)) {
            throw invalidCursor('list_tasks');
          }
          throw error;
        });
        // No rows for a project_id may mean a wrong id (another workspace's, a guess): say so,
        // as every other tool taking a project_id does, rather than report an empty project.
        if (page.tasks.length === 0 && filters.project_id !== undefined) {
          if (!(await findProject(db, tenant, filters.project_id))) throw projectNotFound(filters.project_id);
        }
        const next = { after: page.lastKey, seen: start.seen + page.tasks.length };
        return {
          tasks: page.tasks,
          total: page.total,
          ...(page.hasMore ? { next_cursor: encodeCursor(next, query) } : {}),
        };
      }),
  );
}
