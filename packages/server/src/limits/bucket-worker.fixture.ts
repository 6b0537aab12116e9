// Test support (not shipped): a worker process sharing one DynamoDB bucket with others.
// argv[2]: JSON { endpoint, tableName, rule }. Each stdin line `{ "now": ms, "attempts": n }`
// runs n concurrent checks at that (fake) time and answers `{ "admitted": k }`.
import { createInterface } from 'node:readline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoBucketStore } from './dynamodb-bucket-store.ts';
import { createRateLimiter, type RateLimitRule } from './rate-limiter.ts';

const { endpoint, tableName, rule } = JSON.parse(process.argv[2] ?? '{}') as {
  endpoint: string;
  tableName: string;
  rule: RateLimitRule;
};
const client = new DynamoDBClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 1,
});
let now = 0;
const limiter = createRateLimiter({
  rules: [rule],
  store: dynamoBucketStore({ tableName, client, maxAttempts: 1000 }),
  now: () => now,
});
const auth = { subject: 'shared', scopes: [], claims: { key_id: 'k-shared' } };

process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { now: number; attempts: number };
  now = command.now;
  const decisions = await Promise.all(
    Array.from({ length: command.attempts }, () => limiter.check({ auth, tool: 'create_task' })),
  );
  process.stdout.write(`${JSON.stringify({ admitted: decisions.filter((d) => d.allowed).length })}\n`);
}
client.destroy();
