import { after, before } from 'node:test';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../limits/dynamodb-local.fixture.ts';
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
