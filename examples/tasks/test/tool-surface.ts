import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { TasksHarness } from './tasks-client.ts';

/**
 * The whole tool surface, run by each driver's test file against its own database
 * (PGlite and a real Postgres server): the same SQL must behave the same on both.
 */
export function toolSurfaceTests(harness: () => TasksHarness): void {
  const call = (name: string, args: Record<string, unknown>, tenant?: string) =>
    harness().call(name, args, tenant);
  const ok = async (name: string, args: Record<string, unknown>, tenant?: string) => {
    const result = await call(name, args, tenant);
    assert.equal(result.isError, false, `${name} failed: ${result.text}`);
    return result.structured;
  };

  it('lists the twelve tools with a destructive hint only on delete_task', async () => {
    const { tools } = await (await harness().client()).listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [
      'add_member',
      'assign_task',
      'complete_task',
      'create_project',
      'create_task',
      'delete_task',
      'get_project_stats',
      'get_task',
      'list_members',
      'list_projects',
      'list_tasks',
      'update_task',
    ]);
    assert.deepEqual(
      tools.filter((t) => t.annotations?.destructiveHint).map((t) => t.name),
      ['delete_task'],
    );
    // Idempotent only where a repeat with the same arguments changes nothing: create_task
    // without an idempotency_key makes a second task, so a client must not retry it as safe.
    assert.deepEqual(
      tools
        .filter((t) => t.annotations?.idempotentHint)
        .map((t) => t.name)
        .sort(),
      ['add_member', 'assign_task', 'complete_task', 'create_project'],
    );
  });

  it('runs a project from creation to stats: members, tasks, assignment, update, completion, deletion', async () => {
    const project = await ok('create_project', { name: 'Website relaunch', description: 'Q1' });
    assert.equal(project.created, true);
    const again = await ok('create_project', { name: 'website RELAUNCH' });
    assert.deepEqual([again.created, again.id], [false, project.id]);
    const projectId = project.id as number;

    await ok('add_member', {
      project_id: projectId,
      user_id: 'ada',
      display_name: 'Ada Lovelace',
      role: 'owner',
    });
    await ok('add_member', { project_id: projectId, user_id: 'alan', display_name: 'Alan Turing' });
    const { members } = await ok('list_members', { project_id: projectId });
    assert.deepEqual(
      (members as { user_id: string; role: string }[]).map((m) => [m.user_id, m.role]),
      [
        ['ada', 'owner'],
        ['alan', 'member'],
      ],
    );

    const login = await ok('create_task', {
      title: 'Fix login timeout',
      description: 'Sessions expire after 5 minutes',
      project_id: projectId,
      assignee_id: 'ada',
      due_date: '2020-01-15',
      priority: 'high',
    });
    assert.deepEqual(
      [login.title, login.status, login.priority, login.version, login.due_date, login.assignee_id],
      ['Fix login timeout', 'todo', 'high', 1, '2020-01-15T00:00:00.000Z', 'ada'],
    );
    const copy = await ok('create_task', {
      title: 'Write launch copy',
      project_id: projectId,
      due_date: '2999-06-01T12:00:00+02:00',
    });
    assert.equal(copy.due_date, '2999-06-01T10:00:00.000Z');
    const logo = await ok('create_task', { title: 'Redesign logo', project_id: projectId, priority: 'low' });

    assert.deepEqual(await ok('get_task', { task_id: login.id }), pick(login));

    const assigned = await ok('assign_task', { task_id: copy.id, assignee_id: 'alan' });
    assert.deepEqual([assigned.assignee_id, assigned.version], ['alan', 2]);

    const updated = await ok('update_task', {
      task_id: logo.id,
      version: 1,
      status: 'in_progress',
      title: 'Redesign the logo',
    });
    assert.deepEqual(
      [updated.title, updated.status, updated.version, updated.description],
      ['Redesign the logo', 'in_progress', 2, ''],
    );

    const done = await ok('complete_task', { task_id: copy.id });
    assert.equal(done.status, 'done');
    assert.ok(typeof done.completed_at === 'string');
    const doneAgain = await ok('complete_task', { task_id: copy.id });
    assert.equal(doneAgain.version, done.version, 'completing a done task again changes nothing');

    const stats = await ok('get_project_stats', { project_id: projectId });
    assert.deepEqual(stats, {
      project_id: projectId,
      total: 3,
      by_status: { todo: 1, in_progress: 1, blocked: 0, done: 1 },
      overdue: 1,
      completion_rate: 0.333,
      by_assignee: [
        { assignee_id: 'ada', open: 1, done: 0, overdue: 1 },
        { assignee_id: 'alan', open: 0, done: 1, overdue: 0 },
        { assignee_id: null, open: 1, done: 0, overdue: 0 },
      ],
    });

    const removed = await ok('delete_task', { task_id: logo.id });
    assert.equal((removed.deleted as { id: number }).id, logo.id);
    const gone = await call('get_task', { task_id: logo.id });
    assert.deepEqual(
      [gone.isError, gone.code, gone.text],
      [true, 'NOT_FOUND', `NOT_FOUND: Task ${logo.id} not found. Call list_tasks to see valid ids.`],
    );

    const { projects } = await ok('list_projects', {});
    const listed = (projects as { id: number; open_tasks: number; member_count: number }[]).find(
      (p) => p.id === projectId,
    );
    assert.deepEqual([listed?.open_tasks, listed?.member_count], [1, 2]);
  });

  it('filters, searches, sorts and pages list_tasks', async () => {
    const project = await ok('create_project', { name: 'Filters' });
    const projectId = project.id as number;
    await ok('add_member', { project_id: projectId, user_id: 'grace', display_name: 'Grace Hopper' });
    const titles = [
      'Fixing the parser',
      'Deploy to staging',
      'Parser error messages',
      'Update docs',
      'Release notes',
    ];
    for (const [i, title] of titles.entries()) {
      await ok('create_task', {
        title,
        project_id: projectId,
        priority: i % 2 === 0 ? 'high' : 'low',
        due_date: `2030-0${i + 1}-01`,
        ...(i < 2 ? { assignee_id: 'grace' } : {}),
      });
    }
    const list = async (args: Record<string, unknown>) => {
      const page = await ok('list_tasks', { project_id: projectId, ...args });
      return {
        total: page.total,
        next_cursor: page.next_cursor,
        titles: (page.tasks as { title: string }[]).map((t) => t.title),
      };
    };
    assert.deepEqual((await list({ text: 'parser' })).titles.sort(), [
      'Fixing the parser',
      'Parser error messages',
    ]);
    assert.deepEqual(
      (await list({ text: 'fix' })).titles,
      ['Fixing the parser'],
      'stemmed: fix finds fixing',
    );
    assert.deepEqual((await list({ assignee_id: 'grace', sort: 'due_asc' })).titles, [
      'Fixing the parser',
      'Deploy to staging',
    ]);
    // The tasks get_project_stats counts under assignee_id null: the ones to hand out.
    assert.deepEqual((await list({ assignee_id: null, sort: 'due_asc' })).titles, [
      'Parser error messages',
      'Update docs',
      'Release notes',
    ]);
    assert.deepEqual((await list({ priority: 'low', sort: 'due_asc' })).titles, [
      'Deploy to staging',
      'Update docs',
    ]);
    assert.deepEqual(
      (await list({ due_after: '2030-02-15', due_before: '2030-04-15', sort: 'due_asc' })).titles,
      ['Parser error messages', 'Update docs'],
    );
    assert.deepEqual((await list({ sort: 'priority_desc' })).titles, [
      'Fixing the parser',
      'Parser error messages',
      'Release notes',
      'Deploy to staging',
      'Update docs',
    ]);
    assert.deepEqual((await list({ status: 'done' })).titles, []);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list({ sort: 'due_asc', limit: 2, ...(cursor ? { cursor } : {}) });
      assert.equal(page.total, 5);
      seen.push(...page.titles);
      cursor = page.next_cursor as string | undefined;
      pages++;
    } while (cursor);
    assert.deepEqual(
      [pages, seen],
      [
        3,
        ['Fixing the parser', 'Deploy to staging', 'Parser error messages', 'Update docs', 'Release notes'],
      ],
    );
  });

  it('finds the tasks due on a day with due_after that day and due_before the next, date-only deadlines included', async () => {
    const tenant = 'due-today';
    const project = await ok('create_project', { name: 'Deadlines' }, tenant);
    const due = async (title: string, due_date: string) =>
      ok('create_task', { title, project_id: project.id, due_date }, tenant);
    await due('Day before, late', '2026-12-01T23:59:59Z');
    await due('Date only', '2026-12-02');
    await due('Afternoon', '2026-12-02T15:00:00Z');
    await due('Next day', '2026-12-03');
    const { tasks } = await ok(
      'list_tasks',
      { due_after: '2026-12-02', due_before: '2026-12-03', sort: 'due_asc' },
      tenant,
    );
    assert.deepEqual(
      (tasks as { title: string }[]).map((task) => task.title),
      ['Date only', 'Afternoon'],
    );
  });

  it('pages list_tasks and list_projects by key: rows added or removed between pages never repeat or skip one', async () => {
    const project = await ok('create_project', { name: 'Keyset' });
    const projectId = project.id as number;
    const create = async (title: string, extra: Record<string, unknown> = {}) =>
      (await ok('create_task', { title, project_id: projectId, ...extra })).id as number;
    for (const [i, title] of ['k1', 'k2', 'k3', 'k4', 'k5'].entries()) {
      // Two share a due date and two have none: the id breaks the ties, no-date sorts last.
      await create(title, {
        priority: ['high', 'low', 'high', 'medium', 'low'][i],
        ...(i < 3 ? { due_date: i === 2 ? '2031-01-01' : `2031-01-0${i + 1}` } : {}),
      });
    }
    const page = async (sort: string, cursor?: string) => {
      const result = await ok('list_tasks', {
        project_id: projectId,
        sort,
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      return {
        titles: (result.tasks as { title: string }[]).map((t) => t.title),
        total: result.total,
        next: result.next_cursor as string | undefined,
      };
    };

    // created_desc: a task created after the first page sorts before it and stays off later pages.
    const first = await page('created_desc');
    assert.deepEqual([first.titles, first.total], [['k5', 'k4'], 5]);
    await create('k6');
    const second = await page('created_desc', first.next);
    assert.deepEqual([second.titles, second.total], [['k3', 'k2'], 5]);
    // Deleting a row already shown does not pull the next one back onto an earlier page.
    const shown = (await ok('list_tasks', { project_id: projectId, text: 'k3' })).tasks as { id: number }[];
    await ok('delete_task', { task_id: shown[0]!.id });
    const third = await page('created_desc', second.next);
    assert.deepEqual([third.titles, third.next], [['k1'], undefined]);

    // Every order pages to the same sequence it lists in one go.
    for (const sort of ['created_asc', 'due_asc', 'priority_desc', 'updated_desc']) {
      const whole = (await ok('list_tasks', { project_id: projectId, sort })).tasks as { title: string }[];
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const next = await page(sort, cursor);
        paged.push(...next.titles);
        cursor = next.next;
      } while (cursor);
      assert.deepEqual(
        paged,
        whole.map((t) => t.title),
        sort,
      );
    }
    assert.deepEqual(
      ((await ok('list_tasks', { project_id: projectId, sort: 'due_asc' })).tasks as { title: string }[]).map(
        (t) => t.title,
      ),
      ['k1', 'k2', 'k4', 'k5', 'k6'],
    );

    // list_projects: a project created after the first page shows up at the end, not twice.
    const projects = async (cursor?: string) => {
      const result = await ok('list_projects', { limit: 1, ...(cursor ? { cursor } : {}) });
      return {
        ids: (result.projects as { id: number }[]).map((p) => p.id),
        next: result.next_cursor as string | undefined,
      };
    };
    const all = ((await ok('list_projects', {})).projects as { id: number }[]).map((p) => p.id);
    const firstProjects = await projects();
    const added = (await ok('create_project', { name: 'Keyset later' })).id as number;
    const seen = [...firstProjects.ids];
    let cursor = firstProjects.next;
    while (cursor) {
      const next = await projects(cursor);
      seen.push(...next.ids);
      cursor = next.next;
    }
    assert.deepEqual(seen, [...all, added]);
  });

  it('scopes every read and write to the caller tenant', async () => {
    const mine = await ok('create_project', { name: 'Secret roadmap' }, 'acme');
    const task = await ok('create_task', { title: 'Acquire globex', project_id: mine.id }, 'acme');
    const other = await call('get_task', { task_id: task.id }, 'globex');
    assert.deepEqual(
      [other.code, other.text],
      ['NOT_FOUND', `NOT_FOUND: Task ${task.id} not found. Call list_tasks to see valid ids.`],
    );
    const { projects } = await ok('list_projects', {}, 'globex');
    assert.deepEqual(projects, []);
    const intruder = await call('create_task', { title: 'Sabotage', project_id: mine.id }, 'globex');
    assert.equal(intruder.code, 'NOT_FOUND');
    // Another workspace's project is not "a project without tasks": the model must hear the id is wrong.
    const peek = await call('list_tasks', { project_id: mine.id }, 'globex');
    assert.deepEqual(
      [peek.isError, peek.code, peek.text],
      [
        true,
        'NOT_FOUND',
        `NOT_FOUND: Project ${mine.id} not found. Call list_projects to see valid ids, or create_project to make one.`,
      ],
    );
    assert.equal((await ok('list_tasks', {}, 'acme')).total, 1);
  });

  it('puts a task created with only a title in the Inbox project, made once per workspace', async () => {
    const tenant = 'inbox-user';
    const first = await ok('create_task', { title: 'Call the plumber' }, tenant);
    const second = await ok('create_task', { title: 'Renew passport', priority: 'high' }, tenant);
    assert.equal(second.project_id, first.project_id);
    const { projects } = await ok('list_projects', {}, tenant);
    assert.deepEqual(
      (projects as { id: number; name: string; open_tasks: number }[]).map((p) => [
        p.id,
        p.name,
        p.open_tasks,
      ]),
      [[first.project_id, 'Inbox', 2]],
    );
    // The Inbox is an ordinary project: found by name, listed, and other workspaces have their own.
    const again = await ok('create_project', { name: 'inbox' }, tenant);
    assert.deepEqual([again.id, again.created], [first.project_id, false]);
    const elsewhere = await ok('create_task', { title: 'Elsewhere' }, 'inbox-other');
    assert.notEqual(elsewhere.project_id, first.project_id);
    // With members, an assignee works without a project_id too.
    await ok('add_member', { project_id: first.project_id, user_id: 'kim', display_name: 'Kim' }, tenant);
    const assigned = await ok('create_task', { title: 'Water plants', assignee_id: 'kim' }, tenant);
    assert.deepEqual([assigned.project_id, assigned.assignee_id], [first.project_id, 'kim']);
  });

  it('moves a task out of the Inbox with update_task project_id, as the Inbox description says', async () => {
    const tenant = 'inbox-mover';
    const loose = await ok('create_task', { title: 'Book the venue' }, tenant);
    const { projects } = await ok('list_projects', {}, tenant);
    const inbox = (projects as { id: number; description: string }[])[0]!;
    assert.match(inbox.description, /Move them with update_task/);
    const home = await ok('create_project', { name: 'Offsite' }, tenant);
    const moved = await ok('update_task', { task_id: loose.id, version: 1, project_id: home.id }, tenant);
    assert.deepEqual([moved.project_id, moved.version, moved.title], [home.id, 2, 'Book the venue']);
    const counts = (await ok('list_projects', {}, tenant)).projects as { id: number; open_tasks: number }[];
    assert.deepEqual(
      counts.map((p) => [p.id, p.open_tasks]),
      [
        [inbox.id, 0],
        [home.id, 1],
      ],
    );
    // The assignee goes along only if they belong to the destination; the model hears how to proceed.
    await ok('add_member', { project_id: home.id, user_id: 'kai', display_name: 'Kai' }, tenant);
    await ok('assign_task', { task_id: loose.id, assignee_id: 'kai' }, tenant);
    const elsewhere = await call(
      'update_task',
      { task_id: loose.id, version: 3, project_id: inbox.id },
      tenant,
    );
    assert.deepEqual(
      [elsewhere.isError, elsewhere.code, elsewhere.text],
      [
        true,
        'NOT_FOUND',
        `NOT_FOUND: Task ${loose.id} is assigned to "kai", who is not a member of project ${inbox.id}. Call add_member to add them to project ${inbox.id}, or pass assignee_id null (or another member's id) with project_id.`,
      ],
    );
    const unassigned = await ok(
      'update_task',
      { task_id: loose.id, version: 3, project_id: inbox.id, assignee_id: null },
      tenant,
    );
    assert.deepEqual([unassigned.project_id, unassigned.assignee_id], [inbox.id, null]);
    const foreign = await ok('create_project', { name: 'Not yours' }, 'inbox-mover-other');
    const intruder = await call(
      'update_task',
      { task_id: loose.id, version: 4, project_id: foreign.id },
      tenant,
    );
    assert.deepEqual(
      [intruder.code, intruder.text],
      [
        'NOT_FOUND',
        `NOT_FOUND: Project ${foreign.id} not found. Call list_projects to see valid ids, or create_project to make one.`,
      ],
    );
    assert.equal((await ok('get_task', { task_id: loose.id }, tenant)).version, 4);
  });
}

/** The fields get_task returns (create_task adds `created`). */
function pick(task: Record<string, unknown>): Record<string, unknown> {
  const { created: _created, ...rest } = task;
  return rest;
}
