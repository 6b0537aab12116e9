import { optionalPeer } from '../config/optional-peer.ts';

/** `@aws-sdk/client-dynamodb`, loaded on first use (an optional peer of lambda-mcp). */
export const loadDynamoDb = optionalPeer(
  '@aws-sdk/client-dynamodb',
  (): Promise<typeof import('@aws-sdk/client-dynamodb')> => import('@aws-sdk/client-dynamodb'),
);
