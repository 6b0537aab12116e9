import { loadOptionalPeer } from './optional-peer.ts';

type DynamoModule = typeof import('@aws-sdk/client-dynamodb');

let loading: Promise<DynamoModule> | undefined;

/** `@aws-sdk/client-dynamodb`, loaded on first use (an optional peer of lambda-mcp). */
export function loadDynamoDb(feature: string): Promise<DynamoModule> {
  loading ??= loadOptionalPeer('@aws-sdk/client-dynamodb', () => import('@aws-sdk/client-dynamodb'), feature);
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
