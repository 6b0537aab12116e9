// Structural types of the DynamoDB stores, so their declarations never name the optional peer.

/** What the DynamoDB stores call: a `DynamoDBClient` of `@aws-sdk/client-dynamodb` fits. */
export interface DynamoClientLike {
  send(command: object): Promise<unknown>;
}

/** A store's table as `CreateTable` input (pass it to `CreateTableCommand`, CDK or a template). */
export interface TableDefinition {
  TableName: string;
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' }[];
  KeySchema: { AttributeName: string; KeyType: 'HASH' }[];
  BillingMode: 'PAY_PER_REQUEST';
}
