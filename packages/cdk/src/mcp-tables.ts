import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface McpTablesProps {
  /** Create the API key table (`dynamoKeyStore`). Default true. */
  apiKeys?: boolean;
  /** Create the rate-limit table (`dynamoBucketStore`). Default true. */
  rateLimits?: boolean;
  /** Default RETAIN for keys (losing them locks every client out), DESTROY for buckets (they refill). */
  apiKeysRemovalPolicy?: RemovalPolicy;
  rateLimitsRemovalPolicy?: RemovalPolicy;
  /**
   * Point-in-time recovery of both tables. Default: on for the key table, off for the bucket
   * table, which holds nothing worth restoring (buckets refill) and is written on every call.
   */
  pointInTimeRecovery?: boolean;
}

/**
 * The DynamoDB tables of lambda-mcp's API keys and rate limits, on-demand, with the key
 * schemas the stores use: `keyId` for keys, `pk` with TTL on `expiresAt` for token buckets
 * (a bucket that would be full again is deleted). The grants name exactly the calls the
 * request path makes.
 */
export class McpTables extends Construct {
  readonly apiKeys: dynamodb.Table | undefined;
  readonly rateLimits: dynamodb.Table | undefined;

  constructor(scope: Construct, id: string, props: McpTablesProps = {}) {
    super(scope, id);
    if (props.apiKeys !== false) {
      this.apiKeys = new dynamodb.Table(this, 'ApiKeys', {
        partitionKey: { name: 'keyId', type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: props.pointInTimeRecovery ?? true },
        removalPolicy: props.apiKeysRemovalPolicy ?? RemovalPolicy.RETAIN,
      });
    }
    if (props.rateLimits !== false) {
      this.rateLimits = new dynamodb.Table(this, 'RateLimits', {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        timeToLiveAttribute: 'expiresAt',
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: props.pointInTimeRecovery ?? false },
        removalPolicy: props.rateLimitsRemovalPolicy ?? RemovalPolicy.DESTROY,
      });
    }
  }

  /**
   * What an API key check needs (`createApiKeyAuthorizer`, `apiKeyAuth`): read a key, and
   * record its last use. Creating, listing and revoking keys is an admin's job, not the
   * function's.
   */
  grantKeyCheck(grantee: iam.IGrantable): void {
    if (!this.apiKeys) throw new Error('McpTables was created without the apiKeys table');
    this.apiKeys.grant(grantee, 'dynamodb:GetItem', 'dynamodb:UpdateItem');
  }

  /** What the token-bucket store needs: a consistent read and a conditional write per request. */
  grantRateLimiting(grantee: iam.IGrantable): void {
    if (!this.rateLimits) throw new Error('McpTables was created without the rateLimits table');
    this.rateLimits.grant(grantee, 'dynamodb:GetItem', 'dynamodb:PutItem');
  }
}
