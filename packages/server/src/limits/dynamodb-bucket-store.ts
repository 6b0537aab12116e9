import type { AttributeValue, GetItemCommandOutput } from '@aws-sdk/client-dynamodb';
import { isConditionalCheckFailed } from '../auth/dynamodb-errors.ts';
import { loadDynamoDb } from '../auth/dynamodb-peer.ts';
import type { DynamoClientLike, TableDefinition } from '../auth/dynamodb-types.ts';
import type { BucketStore } from './bucket-store.ts';
import { type BucketState, msUntilFull, takeTokens } from './token-bucket.ts';

export interface DynamoBucketStoreOptions {
  tableName: string;
  /** A configured `DynamoDBClient`; by default one is created with the environment's region and credentials. */
  client?: DynamoClientLike;
  /** Conditional-write attempts under contention before refusing (default 20). */
  maxAttempts?: number;
}

const FEATURE = 'The DynamoDB rate-limit store';

/**
 * Token buckets in DynamoDB, correct under concurrent Lambda instances: read, compute,
 * then a write conditioned on the version read (optimistic concurrency); a lost race
 * recomputes from the item DynamoDB returns with the failure. A refusal writes nothing.
 * Items carry `expiresAt` (epoch seconds) for DynamoDB TTL: a bucket that would be full
 * again is deleted, which is the same as full. Enable TTL on that attribute.
 * Under contention beyond `maxAttempts` the request is refused (fails closed).
 */
export function dynamoBucketStore(options: DynamoBucketStoreOptions): BucketStore {
  const TableName = options.tableName;
  const maxAttempts = options.maxAttempts ?? 20;
  let client: DynamoClientLike | undefined = options.client;
  return {
    async take(bucket, limit, now, cost) {
      const ddb = await loadDynamoDb(FEATURE);
      client ??= new ddb.DynamoDBClient({});
      const pk = await itemKey(bucket);
      const Key = { pk: { S: pk } };
      const read = (await client.send(
        new ddb.GetItemCommand({ TableName, Key, ConsistentRead: true }),
      )) as GetItemCommandOutput;
      let item = read.Item;
      for (let attempt = 1; ; attempt++) {
        const state = item ? stateOf(item) : undefined;
        const result = takeTokens(state, limit, now, cost);
        if (!result.allowed)
          return { allowed: false, retryAfterMs: result.retryAfterMs, remaining: result.remaining };
        const version = item ? Number(item.version?.N ?? 0) : 0;
        try {
          await client.send(
            new ddb.PutItemCommand({
              TableName,
              Item: {
                pk: { S: pk },
                tokens: { N: String(result.state.tokens) },
                updatedAt: { N: String(result.state.updatedAt) },
                version: { N: String(version + 1) },
                expiresAt: {
                  N: String(
                    Math.ceil((result.state.updatedAt + msUntilFull(result.state.tokens, limit)) / 1000) + 60,
                  ),
                },
              },
              ConditionExpression: item ? 'version = :version' : 'attribute_not_exists(pk)',
              ...(item ? { ExpressionAttributeValues: { ':version': { N: String(version) } } } : {}),
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }),
          );
          return { allowed: true, remaining: result.remaining };
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw error;
          if (attempt >= maxAttempts)
            return { allowed: false, retryAfterMs: Math.ceil(1 / limit.refillPerMs), remaining: 0 };
          item = error.Item as Record<string, AttributeValue> | undefined;
        }
      }
    },
  };
}

/** The table `dynamoBucketStore` expects; also enable TTL on `expiresAt` (`timeToLiveSpecification`). */
export function bucketTableDefinition(tableName: string): TableDefinition {
  return {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/** Longest bucket name kept as is: 512 UTF-16 units are at most 1536 UTF-8 bytes (DynamoDB: 2048). */
const MAX_PLAIN_KEY = 512;

/**
 * The item key of a bucket: its name, unless DynamoDB could not keep that name apart from
 * others (a tool name from the request over the 2048-byte key limit, which DynamoDB
 * refuses with a ValidationException; a lone surrogate, which it stores as U+FFFD so that
 * two names share one bucket); those get `sha256:<hex>` of the name's JSON (which keeps
 * lone surrogates as escapes).
 */
async function itemKey(bucket: string): Promise<string> {
  if (bucket.length <= MAX_PLAIN_KEY && !/\p{Cs}/u.test(bucket)) return bucket;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(bucket)));
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return `sha256:${hex}`;
}

/** The TTL attribute of bucket items. */
export const BUCKET_TTL_ATTRIBUTE = 'expiresAt';

function stateOf(item: Record<string, AttributeValue>): BucketState {
  return { tokens: Number(item.tokens?.N ?? 0), updatedAt: Number(item.updatedAt?.N ?? 0) };
}
