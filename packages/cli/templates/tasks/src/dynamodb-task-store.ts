import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { lifespan } from 'lambda-mcp';
import { newTaskId, type Task, type TaskStore } from './task-store.ts';

// Loaded on first use, not at import: a cold start that serves tools/list never pays for the SDK.
// The nodejs24.x runtime provides it (the build leaves @aws-sdk/* out of the bundle).
const sdk = lifespan(async () => {
  const ddb = await import('@aws-sdk/client-dynamodb');
  return { ddb, client: new ddb.DynamoDBClient({}) as DynamoDBClient };
});

/**
 * Tasks in a DynamoDB table with partition key `tenant` (string) and sort key `id` (string):
 * one query lists a tenant's tasks in creation order, since ids sort by time.
 */
export function dynamoTaskStore(tableName: string): TaskStore {
  const TableName = tableName;
  return {
    async create(tenant, title) {
      const { ddb, client } = await sdk.get();
      const now = Date.now();
      const task: Task = { id: newTaskId(now), title, done: false, createdAt: new Date(now).toISOString() };
      await client.send(new ddb.PutItemCommand({ TableName, Item: toItem(tenant, task) }));
      return task;
    },
    async list(tenant) {
      const { ddb, client } = await sdk.get();
      const tasks: Task[] = [];
      let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(
          new ddb.QueryCommand({
            TableName,
            KeyConditionExpression: 'tenant = :tenant',
            ExpressionAttributeValues: { ':tenant': { S: tenant } },
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) tasks.push(fromItem(item));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return tasks;
    },
    async complete(tenant, id) {
      const { ddb, client } = await sdk.get();
      try {
        const updated = await client.send(
          new ddb.UpdateItemCommand({
            TableName,
            Key: { tenant: { S: tenant }, id: { S: id } },
            UpdateExpression: 'SET done = :done, completedAt = if_not_exists(completedAt, :now)',
            ConditionExpression: 'attribute_exists(id)',
            ExpressionAttributeValues: { ':done': { BOOL: true }, ':now': { S: new Date().toISOString() } },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return updated.Attributes ? fromItem(updated.Attributes) : undefined;
      } catch (error) {
        if (error instanceof ddb.ConditionalCheckFailedException) return undefined;
        throw error;
      }
    },
  };
}

function toItem(tenant: string, task: Task): Record<string, AttributeValue> {
  return {
    tenant: { S: tenant },
    id: { S: task.id },
    title: { S: task.title },
    done: { BOOL: task.done },
    createdAt: { S: task.createdAt },
  };
}

function fromItem(item: Record<string, AttributeValue>): Task {
  const task: Task = {
    id: item.id?.S ?? '',
    title: item.title?.S ?? '',
    done: item.done?.BOOL ?? false,
    createdAt: item.createdAt?.S ?? '',
  };
  if (item.completedAt?.S) task.completedAt = item.completedAt.S;
  return task;
}
