import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { SqlDriver } from '../src/db/driver.ts';
import type { TasksHarness } from './tasks-client.ts';

/**
 * daily_standup over a project with a past: tasks finished days ago and edited today. Needs
 * the driver to date a completion back, so each driver's test file runs it with its own.
 */
export function standupHistoryTests(harness: () => TasksHarness, driver: () => SqlDriver): void {
  const tenant = 'standup-history';
  const ok = async (name: string, args: Record<string, unknown>) => {
    const result = await harness().call(name, args, tenant);
    assert.equal(result.isError, false, `${name} failed: ${result.text}`);
    return result.structured;
  };

  it('lists a task finished today under "Done in the last 24 hours" however many old finished tasks were edited since', async () => {
    const project = await ok('create_project', { name: 'Edited history' });
    const fresh = await ok('create_task', { title: 'Ship the release', project_id: project.id });
    await ok('complete_task', { task_id: fresh.id });
    const old: number[] = [];
    for (let i = 0; i < 50; i++) {
      const task = await ok('create_task', { title: `Archived ${i}`, project_id: project.id });
      await ok('complete_task', { task_id: task.id });
      old.push(task.id as number);
    }
    // Finished last week, edited (relabelled, say) today: updated after the fresh completion.
    await driver().query(
      `UPDATE tasks SET completed_at = now() - interval '7 days' WHERE id = ANY($1::bigint[])`,
      [old],
    );
    const client = await harness().client(tenant);
    const result = await client.getPrompt({
      name: 'daily_standup',
      arguments: { project_id: String(project.id) },
    });
    const text = (result.messages[0]!.content as { text: string }).text;
    assert.match(
      text,
      new RegExp(
        `Done in the last 24 hours:\\n- #${fresh.id} \\[medium\\] Ship the release \\(done, unassigned\\)\\n\\n`,
      ),
    );
  });
}
