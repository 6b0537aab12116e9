import { newTaskId, type Task, type TaskStore } from './task-store.ts';

/**
 * Tasks in this process's memory: for tests and `npm run dev`. On Lambda each execution
 * environment would have its own copy, so deployments set TASKS_TABLE (see task-store-from-env.ts).
 */
export function memoryTaskStore(): TaskStore {
  const tenants = new Map<string, Map<string, Task>>();
  const tasksOf = (tenant: string) => {
    let tasks = tenants.get(tenant);
    if (!tasks) {
      tasks = new Map();
      tenants.set(tenant, tasks);
    }
    return tasks;
  };
  return {
    async create(tenant, title) {
      const now = Date.now();
      const task: Task = { id: newTaskId(now), title, done: false, createdAt: new Date(now).toISOString() };
      tasksOf(tenant).set(task.id, task);
      return { ...task };
    },
    async list(tenant) {
      return [...tasksOf(tenant).values()]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((task) => ({ ...task }));
    },
    async complete(tenant, id) {
      const task = tasksOf(tenant).get(id);
      if (!task) return undefined;
      if (!task.done) Object.assign(task, { done: true, completedAt: new Date().toISOString() });
      return { ...task };
    },
  };
}
