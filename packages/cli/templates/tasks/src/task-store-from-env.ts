import { dynamoTaskStore } from './dynamodb-task-store.ts';
import { memoryTaskStore } from './memory-task-store.ts';
import type { TaskStore } from './task-store.ts';

/** DynamoDB when TASKS_TABLE names a table (deployments), else memory (tests, `npm run dev`). */
export function taskStoreFromEnv(env: NodeJS.ProcessEnv = process.env): TaskStore {
  return env.TASKS_TABLE ? dynamoTaskStore(env.TASKS_TABLE) : memoryTaskStore();
}
