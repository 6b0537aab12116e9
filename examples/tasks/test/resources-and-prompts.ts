import assert from 'node:assert/strict';
import { it } from 'node:test';
import { jsonRpcError } from './json-rpc-error.ts';
import type { TasksHarness } from './tasks-client.ts';

/** Resources and prompts, run by each driver's test file: they read the same tables as the tools. */
export function resourceAndPromptTests(harness: () => TasksHarness): void {
  const ok = async (name: string, args: Record<string, unknown>, tenant?: string) => {
    const result = await harness().call(name, args, tenant);
    assert.equal(result.isError, false, `${name} failed: ${result.text}`);
    return result.structured;
  };

  it('reads tasks and projects as resources and completes their ids', async () => {
    const client = await harness().client('resources');
    const project = await ok('create_project', { name: 'Resources' }, 'resources');
    const task = await ok('create_task', { title: 'Readable', project_id: project.id }, 'resources');
    const read = await client.readResource({ uri: `tasks://task/${task.id}` });
    const contents = read.contents[0] as { text: string; mimeType: string };
    assert.deepEqual([JSON.parse(contents.text).title, contents.mimeType], ['Readable', 'application/json']);
    const projectRead = await client.readResource({ uri: `tasks://project/${project.id}` });
    const body = JSON.parse((projectRead.contents[0] as { text: string }).text);
    assert.deepEqual([body.name, body.stats.total, body.members], ['Resources', 1, []]);
    const completion = await client.complete({
      ref: { type: 'ref/resource', uri: 'tasks://task/{id}' },
      argument: { name: 'id', value: String(task.id).slice(0, 1) },
    });
    assert.ok(completion.completion.values.includes(String(task.id)));
    assert.deepEqual(await jsonRpcError(client.readResource({ uri: 'tasks://task/999999' })), [
      -32602,
      'NOT_FOUND: Task 999999 not found. Call list_tasks to see valid ids.',
      { uri: 'tasks://task/999999', code: 'NOT_FOUND', id: 999999 },
    ]);
  });

  it('lists every project in resources/list, past the first 100, each once', async () => {
    const tenant = 'many-projects';
    const client = await harness().client(tenant);
    const ids: number[] = [];
    for (let i = 0; i < 105; i++)
      ids.push((await ok('create_project', { name: `Area ${i}` }, tenant)).id as number);
    const uris: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listResources(cursor === undefined ? {} : { cursor });
      uris.push(...page.resources.map((resource) => resource.uri));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    assert.deepEqual(
      uris,
      ids.map((id) => `tasks://project/${id}`),
    );
    // The project page's own cursor travels inside the framework's: a forged one is -32602.
    const forged = Buffer.from(
      `resources/list:${JSON.stringify({ segment: 1, cursor: 'not-ours' })}`,
    ).toString('base64url');
    assert.deepEqual(await jsonRpcError(client.listResources({ cursor: forged })), [
      -32602,
      'VALIDATION_ERROR: cursor: is not a cursor from resources/list; pass next_cursor from the previous result, or omit it',
      { code: 'VALIDATION_ERROR', field: 'cursor' },
    ]);
  });

  it('fills plan_sprint and daily_standup with the project data', async () => {
    const client = await harness().client('prompts');
    const project = await ok('create_project', { name: 'Prompted' }, 'prompts');
    await ok('add_member', { project_id: project.id, user_id: 'lin', display_name: 'Lin' }, 'prompts');
    const blocked = await ok(
      'create_task',
      { title: 'Waiting on vendor', project_id: project.id, assignee_id: 'lin' },
      'prompts',
    );
    await ok('update_task', { task_id: blocked.id, version: 1, status: 'blocked' }, 'prompts');
    const shipped = await ok('create_task', { title: 'Ship beta', project_id: project.id }, 'prompts');
    await ok('complete_task', { task_id: shipped.id }, 'prompts');

    const text = async (name: string, args: Record<string, string>) => {
      const result = await client.getPrompt({ name, arguments: args });
      return (result.messages[0]!.content as { text: string }).text;
    };
    const plan = await text('plan_sprint', { project_id: String(project.id), days: '7' });
    assert.match(plan, /Plan a 7-day sprint/);
    assert.match(plan, new RegExp(`#${blocked.id} \\[medium\\] Waiting on vendor \\(blocked, lin\\)`));
    assert.match(plan, /lin \(Lin, member\)/);
    const standup = await text('daily_standup', { project_id: String(project.id) });
    assert.match(standup, /Done in the last 24 hours:\n- #\d+ \[medium\] Ship beta \(done, unassigned\)/);
    assert.match(standup, /Blocked:\n- #\d+ \[medium\] Waiting on vendor/);
    assert.deepEqual(await jsonRpcError(text('daily_standup', { project_id: '424242' })), [
      -32602,
      'NOT_FOUND: Project 424242 not found. Call list_projects to see valid ids, or create_project to make one.',
      { code: 'NOT_FOUND', project_id: 424242 },
    ]);
  });

  it('lists every overdue open task in daily_standup, however many done tasks were due before it', async () => {
    const client = await harness().client('standup-overdue');
    const project = await ok('create_project', { name: 'Long history' }, 'standup-overdue');
    // More finished tasks with past deadlines than one page of the standup's query holds, all high priority.
    for (let i = 0; i < 51; i++) {
      const done = await ok(
        'create_task',
        { title: `Shipped ${i}`, project_id: project.id, priority: 'high', due_date: '2025-01-01' },
        'standup-overdue',
      );
      await ok('complete_task', { task_id: done.id }, 'standup-overdue');
    }
    const late = await ok(
      'create_task',
      { title: 'Renew certificate', project_id: project.id, priority: 'low', due_date: '2025-06-01' },
      'standup-overdue',
    );
    const stats = await ok('get_project_stats', { project_id: project.id }, 'standup-overdue');
    assert.equal(stats.overdue, 1);
    const result = await client.getPrompt({
      name: 'daily_standup',
      arguments: { project_id: String(project.id) },
    });
    const text = (result.messages[0]!.content as { text: string }).text;
    assert.match(
      text,
      new RegExp(
        `Overdue:\\n- #${late.id} \\[low\\] Renew certificate \\(todo, unassigned, due 2025-06-01\\)\\n\\n`,
      ),
    );
  });

  it('says how many tasks a prompt leaves out, and how to list them, when a section is longer than it shows', async () => {
    const tenant = 'prompt-overflow';
    const client = await harness().client(tenant);
    const project = await ok('create_project', { name: 'Backlog' }, tenant);
    for (let i = 0; i < 52; i++) {
      await ok(
        'create_task',
        { title: `Chore ${i}`, project_id: project.id, due_date: '2025-03-01' },
        tenant,
      );
    }
    const text = async (name: string) => {
      const result = await client.getPrompt({ name, arguments: { project_id: String(project.id) } });
      return (result.messages[0]!.content as { text: string }).text;
    };
    const plan = await text('plan_sprint');
    assert.equal(plan.match(/^- #\d+ /gm)?.length, 50);
    assert.match(
      plan,
      new RegExp(
        `\\n- \\.\\.\\. and 2 more todo tasks not shown: call list_tasks with project_id ${project.id} and status todo\\n`,
      ),
    );
    const standup = await text('daily_standup');
    assert.match(
      standup,
      new RegExp(
        `\\n- \\.\\.\\. and 2 more overdue tasks not shown: call list_tasks with project_id ${project.id}, due_before \\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z and status todo, in_progress or blocked \\(done tasks are not overdue\\)\\n`,
      ),
    );
  });

  const notAnId = (kind: string, raw: string, field = '') =>
    `VALIDATION_ERROR: ${field}${JSON.stringify(raw)} is not a ${kind} id: ids are whole numbers from 1 to 9007199254740991. Call list_${kind}s to see valid ids.`;

  it('answers malformed and out-of-range ids in resource URIs with -32602 and the id as sent', async () => {
    const client = await harness().client('bad-ids');
    for (const raw of ['abc', '0', '007', '9999999999999999', '1e3']) {
      for (const kind of ['task', 'project']) {
        const uri = `tasks://${kind}/${raw}`;
        assert.deepEqual(await jsonRpcError(client.readResource({ uri })), [
          -32602,
          notAnId(kind, raw),
          { code: 'VALIDATION_ERROR', field: 'id' },
        ]);
      }
    }
    // 16 digits below 2^53 are exact: the message names the very id that was asked for.
    const uri = 'tasks://task/1234567890123456';
    assert.deepEqual(await jsonRpcError(client.readResource({ uri })), [
      -32602,
      'NOT_FOUND: Task 1234567890123456 not found. Call list_tasks to see valid ids.',
      { uri, code: 'NOT_FOUND', id: 1234567890123456 },
    ]);
  });

  it('answers a prompt project_id or days that is not a whole number with -32602 naming the argument', async () => {
    const client = await harness().client('bad-ids');
    for (const name of ['plan_sprint', 'daily_standup']) {
      for (const raw of ['abc', '', '12.0', '0x10', '9007199254740992']) {
        assert.deepEqual(await jsonRpcError(client.getPrompt({ name, arguments: { project_id: raw } })), [
          -32602,
          notAnId('project', raw, 'project_id: '),
          { code: 'VALIDATION_ERROR', field: 'project_id' },
        ]);
      }
    }
    const project = (await harness().call('create_project', { name: 'Sprints' }, 'bad-ids')).structured;
    for (const days of ['0', '91', '7.0', ' 7', '1e1']) {
      assert.deepEqual(
        await jsonRpcError(
          client.getPrompt({ name: 'plan_sprint', arguments: { project_id: String(project.id), days } }),
        ),
        [
          -32602,
          'VALIDATION_ERROR: days: must be a whole number from 1 to 90',
          { code: 'VALIDATION_ERROR', field: 'days' },
        ],
      );
    }
  });
}
