import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateTableCommand, type GetItemCommand } from '@aws-sdk/client-dynamodb';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../limits/dynamodb-local.fixture.ts';
import type { DynamoClientLike } from '../dynamodb-types.ts';
import { dynamoKeyStore, keyTableDefinition } from './dynamodb-key-store.ts';
import { keyStoreContract } from './key-store-contract.fixture.ts';

let local: DynamoDbLocal;
before(async () => {
  local = await startDynamoDbLocal();
});
after(() => local.stop());

let table = 0;
keyStoreContract('dynamodb store (DynamoDB Local)', async () => {
  const tableName = `keys-${++table}`;
  await local.client.send(new CreateTableCommand(keyTableDefinition(tableName)));
  return dynamoKeyStore({ tableName, client: local.client });
});

/** A client whose errors come from another copy of @aws-sdk/client-dynamodb: same name, another class. */
function clientOfAnotherSdkCopy(): DynamoClientLike {
  class ConditionalCheckFailedException extends Error {
    override name = 'ConditionalCheckFailedException';
  }
  return {
    async send(command) {
      try {
        return await local.client.send(command as GetItemCommand);
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
        throw new ConditionalCheckFailedException(error.message);
      }
    },
  };
}

test('revoking or touching a key that does not exist answers as such with a client from another SDK copy', async () => {
  const tableName = `keys-${++table}`;
  await local.client.send(new CreateTableCommand(keyTableDefinition(tableName)));
  const store = dynamoKeyStore({ tableName, client: clientOfAnotherSdkCopy() });
  assert.equal(await store.revoke('0123456789abcdef', '2026-01-01T00:00:00.000Z'), false);
  await store.touch('0123456789abcdef', '2026-01-01T00:00:00.000Z');
  assert.equal(await store.get('0123456789abcdef'), undefined);
});
