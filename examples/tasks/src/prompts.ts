import type { McpServer, RequestContext } from 'lambda-mcp';
import { readAccess } from './access/scopes.ts';
import { findProject, listMembers, projectIdsStartingWith } from './db/project-queries.ts';
import { projectStats } from './db/project-stats.ts';
import type { Task } from './db/task-queries.ts';
import { searchTasks } from './db/task-search.ts';
import { type TasksDeps, withDatabase } from './tools/database-access.ts';
import { parseId } from './tools/parse-id.ts';
import { invalidField, projectNotFound } from './tools/tool-errors.ts';

const line = (t: Task) =>
  `- #${t.id} [${t.priority}] ${t.title} (${t.status}${t.assignee_id ? `, ${t.assignee_id}` : ', unassigned'}${t.due_date ? `, due ${t.due_date.slice(0, 10)}` : ''})`;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The line that tells the model a section shows only the first page of its tasks, how many
 * it leaves out and how to list them: without it a plan or standup of a large project reads
 * as complete.
 */
const notShown = (page: { tasks: Task[]; total: number }, what: string, listing: string) => {
  const more = page.total - page.tasks.length;
  return more > 0
    ? [
        `- ... and ${more} more ${what} ${more === 1 ? 'task' : 'tasks'} not shown: call list_tasks with ${listing}`,
      ]
    : [];
};

/** plan_sprint and daily_standup: prompts filled with the project's real tasks, not templates. */
export function registerPrompts(server: McpServer, deps: TasksDeps): void {
  const projectArgument = {
    name: 'project_id',
    description: 'Project id (from list_projects)',
    required: true,
  };
  const complete = {
    project_id: (prefix: string, { ctx }: { ctx: RequestContext }) =>
      withDatabase(deps, ctx, (db, tenant) => projectIdsStartingWith(db, tenant, prefix)),
  };

  server.prompt(
    'plan_sprint',
    {
      title: 'Plan a sprint',
      description: 'Propose a sprint plan from the open tasks, members and deadlines of a project.',
      arguments: [projectArgument, { name: 'days', description: 'Sprint length in days (default 14)' }],
      auth: readAccess,
    },
    (args, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        const projectId = parseId(args.project_id, 'project', 'project_id');
        // Digits only: Number() would take " 7", "7.0" and "0x10".
        const days = Number(args.days ?? '14');
        if (!/^[1-9][0-9]?$/.test(args.days ?? '14') || days > 90)
          throw invalidField('days', 'must be a whole number from 1 to 90');
        const project = await findProject(db, tenant, projectId);
        if (!project) throw projectNotFound(projectId);
        const statuses = ['in_progress', 'blocked', 'todo'] as const;
        const open = await Promise.all(
          statuses.map((status) =>
            searchTasks(db, tenant, { projectId, status }, { sort: 'priority_desc', limit: 50 }),
          ),
        );
        const members = await listMembers(db, projectId);
        const sprintEnd = new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
        const text = [
          `Plan a ${days}-day sprint (ending ${sprintEnd}) for project "${project.name}" (#${project.id}).`,
          '',
          `Team: ${members.map((m) => `${m.user_id} (${m.display_name}, ${m.role})`).join('; ') || 'no members yet'}.`,
          '',
          'Open tasks, highest priority first:',
          ...open.flatMap((page, i) => [
            ...page.tasks.map(line),
            ...notShown(page, statuses[i]!, `project_id ${projectId} and status ${statuses[i]}`),
          ]),
          '',
          'Pick what fits the sprint, balance the work across the team, flag anything due before the sprint ends,',
          'and list the assign_task / update_task calls that would put the plan in place (do not call them until I agree).',
        ].join('\n');
        return {
          description: `Sprint plan for ${project.name}`,
          messages: [{ role: 'user', content: { type: 'text', text } }],
        };
      }),
    { complete },
  );

  server.prompt(
    'daily_standup',
    {
      title: 'Daily standup',
      description:
        "Summarise yesterday's completed work, work in progress, blockers and overdue tasks of a project.",
      arguments: [projectArgument],
      auth: readAccess,
    },
    (args, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        const projectId = parseId(args.project_id, 'project', 'project_id');
        const project = await findProject(db, tenant, projectId);
        if (!project) throw projectNotFound(projectId);
        const now = new Date().toISOString();
        const page = { sort: 'priority_desc' as const, limit: 50 };
        // Completed in the last day, asked of the query: done tasks edited today (finished long
        // ago) would otherwise fill a page of recently updated ones and push these out.
        const since = new Date(Date.now() - DAY_MS).toISOString();
        const doneRecently = await searchTasks(
          db,
          tenant,
          { projectId, status: 'done', completedSince: since },
          { ...page, sort: 'updated_desc' },
        );
        const inProgress = await searchTasks(db, tenant, { projectId, status: 'in_progress' }, page);
        const blocked = await searchTasks(db, tenant, { projectId, status: 'blocked' }, page);
        // Open tasks only, in the query: filtering a page afterwards would let done tasks with
        // past deadlines (a long-running project has many) fill it and hide the overdue ones.
        const overdue = await searchTasks(db, tenant, { projectId, dueBefore: now, open: true }, page);
        const stats = await projectStats(db, tenant, projectId);
        const section = (title: string, tasks: Task[], rest: string[] = []) => [
          title,
          ...(tasks.length ? tasks.map(line) : ['- none']),
          ...rest,
          '',
        ];
        const text = [
          `Write today's standup for project "${project.name}" (#${project.id}), grouped by person.`,
          `Completion: ${Math.round(stats.completion_rate * 100)}% of ${stats.total} tasks.`,
          '',
          ...section(
            'Done in the last 24 hours:',
            doneRecently.tasks,
            notShown(doneRecently, 'done', `project_id ${projectId} and status done`),
          ),
          ...section(
            'In progress:',
            inProgress.tasks,
            notShown(inProgress, 'in_progress', `project_id ${projectId} and status in_progress`),
          ),
          ...section(
            'Blocked:',
            blocked.tasks,
            notShown(blocked, 'blocked', `project_id ${projectId} and status blocked`),
          ),
          ...section(
            'Overdue:',
            overdue.tasks,
            notShown(
              overdue,
              'overdue',
              `project_id ${projectId}, due_before ${now} and status todo, in_progress or blocked (done tasks are not overdue)`,
            ),
          ),
          'Call out blockers and overdue work first, and suggest one next step per person.',
        ].join('\n');
        return {
          description: `Standup for ${project.name}`,
          messages: [{ role: 'user', content: { type: 'text', text } }],
        };
      }),
    { complete },
  );
}
