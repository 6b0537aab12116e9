import type { McpServer } from 'lambda-mcp';
import * as z from 'zod';
import { readAccess, writeAccess } from '../access/scopes.ts';
import { findProjectByName, insertProject, listProjects } from '../db/project-queries.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { type TasksDeps, withDatabase } from './database-access.ts';
import * as shape from './schemas.ts';

/** create_project and list_projects: projects group tasks and the members who work on them. */
export function registerProjectTools(server: McpServer, deps: TasksDeps): void {
  server.tool(
    'create_project',
    {
      title: 'Create project',
      description:
        'Create a project to group tasks. Names are unique per workspace (any case): creating an existing name returns that project with created: false.',
      input: z.object({
        name: shape.text({ max: 100 }).describe('Project name, e.g. "Website relaunch"'),
        description: shape.description.default(''),
      }),
      output: shape.projectOutput.extend({ created: z.boolean() }),
      annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: false },
      auth: writeAccess,
    },
    ({ name, description }, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        const created = await insertProject(db, tenant, name, description);
        if (created) return { ...created, created: true };
        const existing = await findProjectByName(db, tenant, name);
        if (!existing) throw new Error(`project "${name}" conflicted on insert but cannot be found`);
        return { ...existing, created: false };
      }),
  );

  server.tool(
    'list_projects',
    {
      title: 'List projects',
      description:
        'List the projects in this workspace with their open task and member counts. Use to find a project_id for other tools.',
      input: z.object({
        limit: shape.pageLimit(50),
        cursor: shape
          .text({ max: 2000, trim: false })
          .optional()
          .describe('next_cursor from the previous page'),
      }),
      output: z.object({ projects: z.array(shape.projectOutput), next_cursor: z.string().optional() }),
      annotations: { readOnlyHint: true, openWorldHint: false },
      auth: readAccess,
    },
    ({ limit, cursor }, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        const start = decodeCursor(cursor, 'projects', 'list_projects', ['bigint']);
        const afterId = start.after?.[0] as number | undefined;
        const page = await listProjects(db, tenant, { afterId, limit });
        const last = page.projects.at(-1);
        const next = { after: last ? [last.id] : undefined, seen: start.seen + page.projects.length };
        return {
          projects: page.projects,
          ...(page.hasMore ? { next_cursor: encodeCursor(next, 'projects') } : {}),
        };
      }),
  );
}
