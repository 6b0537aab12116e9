import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { McpTables } from './mcp-tables.ts';
import { templateOf, testStack } from './synth.fixture.ts';

describe('McpTables', () => {
  it('makes on-demand tables with the stores’ keys, TTL on bucket expiry, point-in-time recovery on the key table only', () => {
    const stack = testStack();
    new McpTables(stack, 'Tables');
    const template = templateOf(stack);
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: 'keyId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'keyId', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
      DeletionPolicy: 'Retain',
    });
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
      },
      DeletionPolicy: 'Delete',
    });
  });

  it('pointInTimeRecovery sets both tables when given', () => {
    for (const enabled of [true, false]) {
      const stack = testStack();
      new McpTables(stack, 'Tables', { pointInTimeRecovery: enabled });
      const tables = templateOf(stack).findResources('AWS::DynamoDB::Table');
      for (const table of Object.values(tables)) {
        assert.deepEqual(table.Properties.PointInTimeRecoverySpecification, {
          PointInTimeRecoveryEnabled: enabled,
        });
      }
    }
  });

  it('grants the request path exactly its calls, on exactly its table', () => {
    const stack = testStack();
    const tables = new McpTables(stack, 'Tables');
    const role = new iam.Role(stack, 'Fn', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    tables.grantKeyCheck(role);
    tables.grantRateLimiting(role);
    templateOf(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
            Effect: 'Allow',
            Resource: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^TablesApiKeys'), 'Arn'] }],
          },
          {
            Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
            Effect: 'Allow',
            Resource: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^TablesRateLimits'), 'Arn'] }],
          },
        ],
      },
    });
  });
});
