import type { AttributeValue, GetItemCommandOutput, ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import { isConditionalCheckFailed } from '../dynamodb-errors.ts';
import { loadDynamoDb } from '../dynamodb-peer.ts';
import type { DynamoClientLike, TableDefinition } from '../dynamodb-types.ts';
import { type ApiKeyRecord, byCreation, type KeyStore } from './key-store.ts';

export interface DynamoKeyStoreOptions {
  tableName: string;
  /** A configured `DynamoDBClient`; by default one is created with the environment's region and credentials. */
  client?: DynamoClientLike;
}

const FEATURE = 'The DynamoDB API key store';

/**
 * API keys in a DynamoDB table keyed by `keyId` (string). `list` scans: it is an admin
 * operation (`lambda-mcp keys list`); the request path only calls `get`.
 */
export function dynamoKeyStore(options: DynamoKeyStoreOptions): KeyStore {
  const TableName = options.tableName;
  let client: DynamoClientLike | undefined = options.client;
  const ready = async () => {
    const ddb = await loadDynamoDb(FEATURE);
    client ??= new ddb.DynamoDBClient({});
    return { ddb, client };
  };
  return {
    async insert(record) {
      const { ddb, client } = await ready();
      await client.send(
        new ddb.PutItemCommand({
          TableName,
          Item: toItem(record),
          ConditionExpression: 'attribute_not_exists(keyId)',
        }),
      );
    },
    async get(keyId) {
      const { ddb, client } = await ready();
      const out = (await client.send(
        new ddb.GetItemCommand({ TableName, Key: { keyId: { S: keyId } }, ConsistentRead: true }),
      )) as GetItemCommandOutput;
      return out.Item ? fromItem(out.Item) : undefined;
    },
    async list(filter = {}) {
      const { ddb, client } = await ready();
      const records: ApiKeyRecord[] = [];
      let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
      do {
        const out = (await client.send(
          new ddb.ScanCommand({
            TableName,
            ExclusiveStartKey,
            ConsistentRead: true,
            ...(filter.tenant === undefined
              ? {}
              : {
                  FilterExpression: 'tenant = :tenant',
                  ExpressionAttributeValues: { ':tenant': { S: filter.tenant } },
                }),
          }),
        )) as ScanCommandOutput;
        for (const item of out.Items ?? []) records.push(fromItem(item));
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return records.sort(byCreation);
    },
    async revoke(keyId, at) {
      const { ddb, client } = await ready();
      try {
        await client.send(
          new ddb.UpdateItemCommand({
            TableName,
            Key: { keyId: { S: keyId } },
            UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
            ConditionExpression: 'attribute_exists(keyId)',
            ExpressionAttributeValues: { ':at': { S: at } },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionalCheckFailed(error)) return false;
        throw error;
      }
    },
    async touch(keyId, at) {
      const { ddb, client } = await ready();
      try {
        await client.send(
          new ddb.UpdateItemCommand({
            TableName,
            Key: { keyId: { S: keyId } },
            UpdateExpression: 'SET lastUsedAt = :at',
            ConditionExpression: 'attribute_exists(keyId)',
            ExpressionAttributeValues: { ':at': { S: at } },
          }),
        );
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    },
  };
}

/** The table `dynamoKeyStore` expects (on-demand billing), for the CLI, templates and tests. */
export function keyTableDefinition(tableName: string): TableDefinition {
  return {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: 'keyId', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'keyId', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  };
}

const OPTIONAL = ['subject', 'lastUsedAt', 'expiresAt', 'revokedAt'] as const;

function toItem(record: ApiKeyRecord): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {
    keyId: { S: record.keyId },
    hash: { S: record.hash },
    tenant: { S: record.tenant },
    name: { S: record.name },
    scopes: { L: record.scopes.map((scope) => ({ S: scope })) },
    createdAt: { S: record.createdAt },
  };
  for (const field of OPTIONAL) {
    const value = record[field];
    if (value !== undefined) item[field] = { S: value };
  }
  return item;
}

function fromItem(item: Record<string, AttributeValue>): ApiKeyRecord {
  const text = (name: string) => item[name]?.S;
  const record: ApiKeyRecord = {
    keyId: text('keyId') ?? '',
    hash: text('hash') ?? '',
    tenant: text('tenant') ?? '',
    name: text('name') ?? '',
    scopes: (item.scopes?.L ?? []).map((value) => value.S ?? ''),
    createdAt: text('createdAt') ?? '',
  };
  for (const field of OPTIONAL) {
    const value = text(field);
    if (value !== undefined) record[field] = value;
  }
  return record;
}
