/**
 * (b) with the DynamoDB key store, as a deployment writes it: the SDK client comes from the
 * environment (the bench points AWS_ENDPOINT_URL_DYNAMODB at DynamoDB Local on loopback).
 */
import { silentLogger } from 'lambda-mcp';
import { apiKeyAuth, dynamoKeyStore } from 'lambda-mcp/auth';
import { createHandler } from 'lambda-mcp/lambda';
import { createBenchServer } from '../../servers/lambda-mcp-json-server.ts';

const store = dynamoKeyStore({ tableName: process.env.BENCH_KEY_TABLE ?? 'api-keys' });
export const handler = createHandler(createBenchServer(silentLogger), {
  metrics: false,
  auth: apiKeyAuth({ store }),
});
