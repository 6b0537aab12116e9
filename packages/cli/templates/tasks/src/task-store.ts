/** A task as the tools return it. */
export interface Task {
  id: string;
  title: string;
  done: boolean;
  /** ISO 8601 timestamps. */
  createdAt: string;
  completedAt?: string;
}

/**
 * Where tasks live, per tenant (the caller's API key tenant, or `public` without keys).
 * Two implementations: memory (tests, `npm run dev`) and DynamoDB (Lambda).
 */
export interface TaskStore {
  create(tenant: string, title: string): Promise<Task>;
  /** Oldest first. */
  list(tenant: string): Promise<Task[]>;
  /** The completed task, or undefined when the tenant has no such task. Completing twice keeps the first time. */
  complete(tenant: string, id: string): Promise<Task | undefined>;
}

/** Ids that sort by creation time, so a store can list in order without a sort key of its own. */
export function newTaskId(now: number): string {
  return `${now.toString(36).padStart(9, '0')}-${crypto.randomUUID().slice(0, 8)}`;
}
