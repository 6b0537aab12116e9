import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Caller, TasksHarness } from './tasks-client.ts';

/**
 * Tenants, subjects and the anonymous workspace are three namespaces: a name shared between
 * them shares no data. Run by each driver's test file and through the Lambda handler.
 */
export function tenancyTests(harness: () => TasksHarness): void {
  const call = (name: string, args: Record<string, unknown>, caller?: Caller) =>
    harness().call(name, args, caller);
  const ok = async (name: string, args: Record<string, unknown>, caller?: Caller) => {
    const result = await call(name, args, caller);
    assert.equal(result.isError, false, `${name} failed: ${result.text}`);
    return result.structured;
  };
  /** Creates a project and a task as `owner`; asserts `other` can neither list nor read them. */
  const apart = async (owner: Caller | undefined, other: Caller | undefined, name: string) => {
    const project = await ok('create_project', { name }, owner);
    const task = await ok('create_task', { title: `${name} task`, project_id: project.id }, owner);
    const names = ((await ok('list_projects', { limit: 100 }, other)).projects as { name: string }[]).map(
      (p) => p.name,
    );
    assert.equal(names.includes(name), false, `${JSON.stringify(other)} lists ${name}`);
    const read = await call('get_task', { task_id: task.id }, other);
    assert.deepEqual(
      [read.code, read.text],
      ['NOT_FOUND', `NOT_FOUND: Task ${task.id} not found. Call list_tasks to see valid ids.`],
    );
    const stats = await call('get_project_stats', { project_id: project.id }, other);
    assert.equal(stats.code, 'NOT_FOUND');
    // The owner still sees its own.
    assert.equal((await ok('get_task', { task_id: task.id }, owner)).title, `${name} task`);
  };

  it('keeps a subject named like a tenant out of that tenant, and the tenant out of the subject', async () => {
    await apart('ns-acme', { subject: 'ns-acme' }, 'Tenant acme plans');
    await apart({ subject: 'ns-acme' }, 'ns-acme', 'Subject acme plans');
  });

  it('keeps subjects named "default" or "anonymous" out of the anonymous workspace, and it out of theirs', async () => {
    for (const name of ['default', 'anonymous']) {
      await apart(undefined, { subject: name }, `Anonymous plans for ${name}`);
      await apart({ subject: name }, undefined, `Plans of subject ${name}`);
      await apart(undefined, name, `Anonymous plans for tenant ${name}`);
    }
  });
}
