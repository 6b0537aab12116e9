import type { McpServer } from 'lambda-mcp';
import { readAccess } from './access/scopes.ts';
import { findProject, listMembers, listProjects, projectIdsStartingWith } from './db/project-queries.ts';
import { projectStats } from './db/project-stats.ts';
import { findTask, taskIdsStartingWith } from './db/task-queries.ts';
import { decodeCursor, encodeCursor } from './tools/cursor.ts';
import { type TasksDeps, withDatabase } from './tools/database-access.ts';
import { parseId } from './tools/parse-id.ts';
import { projectNotFound, taskNotFound } from './tools/tool-errors.ts';

/** `tasks://task/{id}` and `tasks://project/{id}`: the same data as the tools, for clients that attach context. */
export function registerResources(server: McpServer, deps: TasksDeps): void {
  server.resourceTemplate(
    'tasks://task/{id}',
    {
      name: 'task',
      title: 'Task',
      description: 'One task as JSON, with its current version.',
      mimeType: 'application/json',
      auth: readAccess,
    },
    (_uri, { id }, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        const taskId = parseId(id, 'task');
        const task = await findTask(db, tenant, taskId);
        if (!task) throw taskNotFound(taskId);
        return JSON.stringify(task, null, 2);
      }),
    {
      complete: {
        id: (prefix, { ctx }) =>
          withDatabase(deps, ctx, (db, tenant) => taskIdsStartingWith(db, tenant, prefix)),
      },
    },
  );

  server.resourceTemplate(
    'tasks://project/{id}',
    {
      name: 'project',
      title: 'Project',
      description: 'A project as JSON: its details, members and statistics.',
      mimeType: 'application/json',
      auth: readAccess,
    },
    (_uri, { id }, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        const projectId = parseId(id, 'project');
        const project = await findProject(db, tenant, projectId);
        if (!project) throw projectNotFound(projectId);
        const [members, stats] = [
          await listMembers(db, project.id),
          await projectStats(db, tenant, project.id),
        ];
        return JSON.stringify({ ...project, members, stats }, null, 2);
      }),
    {
      complete: {
        id: (prefix, { ctx }) =>
          withDatabase(deps, ctx, (db, tenant) => projectIdsStartingWith(db, tenant, prefix)),
      },
      // Projects are few and long-lived: worth listing. Tasks are many and are found with list_tasks.
      // In pages of 100 with list_projects's cursor, so a workspace with more lists them all.
      list: (ctx, page) =>
        withDatabase(deps, ctx, async (db, tenant) => {
          const start = decodeCursor(page.cursor, 'projects', 'resources/list', ['bigint']);
          const afterId = start.after?.[0] as number | undefined;
          const { projects, hasMore } = await listProjects(db, tenant, { afterId, limit: 100 });
          const last = projects.at(-1);
          const next = { after: last ? [last.id] : undefined, seen: start.seen + projects.length };
          return {
            resources: projects.map((p) => ({
              uri: `tasks://project/${p.id}`,
              name: `project-${p.id}`,
              title: p.name,
              description: `${p.open_tasks} open tasks, ${p.member_count} members`,
            })),
            ...(hasMore ? { nextCursor: encodeCursor(next, 'projects') } : {}),
          };
        }),
    },
  );
}
