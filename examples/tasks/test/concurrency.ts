import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { TasksHarness } from './tasks-client.ts';

/** Retries and races, run against each driver: duplicates and lost updates are the bugs to catch. */
export function concurrencyTests(harness: () => TasksHarness): void {
  it('creates exactly 10 tasks from 50 parallel create_task calls with 10 idempotency keys', async () => {
    const tenant = 'retries';
    const project = await harness().call('create_project', { name: 'Retries' }, tenant);
    const projectId = project.structured.id;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        harness().call(
          'create_task',
          { title: `Task ${i % 10}`, project_id: projectId, idempotency_key: `key-${i % 10}` },
          tenant,
        ),
      ),
    );
    assert.deepEqual(
      results.filter((r) => r.isError).map((r) => r.text),
      [],
    );
    const idsByKey = new Map<string, Set<unknown>>();
    for (const [i, result] of results.entries()) {
      const ids = idsByKey.get(`key-${i % 10}`) ?? new Set();
      ids.add(result.structured.id);
      idsByKey.set(`key-${i % 10}`, ids);
    }
    assert.deepEqual(
      [...idsByKey.values()].map((ids) => ids.size),
      Array(10).fill(1),
      'every retry of a key returns the same task',
    );
    assert.equal(results.filter((r) => r.structured.created === true).length, 10);
    const listed = await harness().call('list_tasks', { project_id: projectId, limit: 100 }, tenant);
    assert.equal(listed.structured.total, 10);
  });

  it('keeps the version when assign_task is retried, so the update that follows with it is not a CONFLICT', async () => {
    const tenant = 'assign-retries';
    const project = await harness().call('create_project', { name: 'Assign retries' }, tenant);
    const projectId = project.structured.id;
    await harness().call(
      'add_member',
      { project_id: projectId, user_id: 'ada', display_name: 'Ada' },
      tenant,
    );
    const task = await harness().call('create_task', { title: 'Hand over', project_id: projectId }, tenant);
    const taskId = task.structured.id;
    const first = await harness().call('assign_task', { task_id: taskId, assignee_id: 'ada' }, tenant);
    assert.deepEqual([first.isError, first.structured.version], [false, 2]);
    // The same call again (a client resending it, a model repeating itself), with or without
    // the version now current: the task already is so, and stays at the version the caller holds.
    for (const args of [
      { task_id: taskId, assignee_id: 'ada' },
      { task_id: taskId, assignee_id: 'ada', version: 2 },
    ]) {
      const retry = await harness().call('assign_task', args, tenant);
      assert.deepEqual(
        [retry.isError, retry.text, retry.structured.version, retry.structured.assignee_id],
        [false, retry.text, 2, 'ada'],
        JSON.stringify(args),
      );
    }
    const update = await harness().call(
      'update_task',
      { task_id: taskId, version: 2, priority: 'high' },
      tenant,
    );
    assert.deepEqual([update.isError, update.text, update.structured.version], [false, update.text, 3]);
    // Unassigning twice is the same: the second call changes nothing.
    const cleared = await harness().call('assign_task', { task_id: taskId, assignee_id: null }, tenant);
    const clearedAgain = await harness().call('assign_task', { task_id: taskId, assignee_id: null }, tenant);
    assert.deepEqual([cleared.structured.version, clearedAgain.structured.version], [4, 4]);
  });

  it('completes a task once when 10 complete_task calls (and 10 assign_task calls) for it arrive at the same time', async () => {
    const tenant = 'parallel-retries';
    const project = await harness().call('create_project', { name: 'Parallel retries' }, tenant);
    const projectId = project.structured.id;
    await harness().call(
      'add_member',
      { project_id: projectId, user_id: 'ada', display_name: 'Ada' },
      tenant,
    );
    for (const [tool, args] of [
      ['complete_task', {}],
      ['assign_task', { assignee_id: 'ada' }],
    ] as const) {
      const task = await harness().call(
        'create_task',
        { title: `Once by ${tool}`, project_id: projectId },
        tenant,
      );
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          harness().call(tool, { task_id: task.structured.id, ...args }, tenant),
        ),
      );
      assert.deepEqual(
        results.map((r) => [r.isError, r.text.slice(0, 80), r.structured.version]),
        results.map((r) => [false, r.text.slice(0, 80), 2]),
        `${tool}: every call answers the one change, at version 2`,
      );
      const current = await harness().call('get_task', { task_id: task.structured.id }, tenant);
      assert.equal(current.structured.version, 2, `${tool}: the task changed once`);
    }
  });

  it('never leaves a task assigned outside its project when a move and an assignment race', async () => {
    const tenant = 'move-assign-race';
    const call = (name: string, args: Record<string, unknown>) => harness().call(name, args, tenant);
    const from = (await call('create_project', { name: 'From' })).structured;
    const to = (await call('create_project', { name: 'To' })).structured;
    // ada may work on From only: a task moved to To must not end up hers.
    await call('add_member', { project_id: from.id, user_id: 'ada', display_name: 'Ada' });
    const broken: unknown[] = [];
    for (let i = 0; i < 20; i++) {
      const task = (await call('create_task', { title: `Race ${i}`, project_id: from.id })).structured;
      const [moved, assigned] = await Promise.all([
        call('update_task', { task_id: task.id, version: 1, project_id: to.id }),
        call('assign_task', { task_id: task.id, assignee_id: 'ada' }),
      ]);
      const now = (await call('get_task', { task_id: task.id })).structured;
      if (now.project_id === to.id && now.assignee_id === 'ada') {
        broken.push({ moved: moved.text.slice(0, 60), assigned: assigned.text.slice(0, 60) });
      }
    }
    assert.deepEqual(broken, []);
  });

  it('lets one of 10 concurrent update_task calls with the same version win; the others get CONFLICT', async () => {
    const tenant = 'races';
    const project = await harness().call('create_project', { name: 'Races' }, tenant);
    const task = await harness().call(
      'create_task',
      { title: 'Contested', project_id: project.structured.id },
      tenant,
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        harness().call(
          'update_task',
          { task_id: task.structured.id, version: 1, description: `writer ${i}` },
          tenant,
        ),
      ),
    );
    const winners = results.filter((r) => !r.isError);
    const losers = results.filter((r) => r.isError);
    assert.equal(winners.length, 1);
    assert.deepEqual(new Set(losers.map((r) => r.code)), new Set(['CONFLICT']));
    assert.equal(
      losers[0]?.text,
      `CONFLICT: Task ${task.structured.id} was changed by someone else: it is at version 2, you sent version 1. Call get_task to read the current task, then retry with version 2.`,
    );
    const current = await harness().call('get_task', { task_id: task.structured.id }, tenant);
    assert.deepEqual(
      [current.structured.version, current.structured.description],
      [2, winners[0]?.structured.description],
      'the stored task is exactly the winner',
    );
  });

  it('creates exactly one Inbox from 20 parallel first create_task calls without a project_id', async () => {
    const tenant = 'inbox-race';
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        harness().call('create_task', { title: `Loose end ${i}` }, tenant),
      ),
    );
    assert.deepEqual(
      results.filter((r) => r.isError).map((r) => r.text),
      [],
    );
    const { projects } = (await harness().call('list_projects', {}, tenant)).structured as {
      projects: { id: number; name: string; open_tasks: number }[];
    };
    assert.deepEqual(
      projects.map((p) => [p.name, p.open_tasks]),
      [['Inbox', 20]],
    );
    assert.deepEqual(new Set(results.map((r) => r.structured.project_id)), new Set([projects[0]!.id]));
    assert.equal(new Set(results.map((r) => r.structured.id)).size, 20);
  });
}
